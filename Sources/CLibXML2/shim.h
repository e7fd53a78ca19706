#ifndef CLIBXML2_SHIM_H
#define CLIBXML2_SHIM_H

/*
 * The one header through which Swift sees libxml2. Only the Markup target
 * imports this module; nothing here may appear in a public Swift API.
 *
 * Debian builds libxml2 with ICU, and libxml/encoding.h then includes
 * <unicode/ucnv.h>, whose enums clash with Foundation's private copy of ICU
 * (`_FoundationICU`). Reading xmlversion.h first and dropping the ICU switch
 * keeps ICU out of this module. The only effect is that the two trailing ICU
 * fields of xmlCharEncodingHandler disappear from our view of the struct:
 * libxml2 allocates that struct itself, so Swift must never allocate it or
 * rely on its size.
 */
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>

#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/SAX2.h>
#include <libxml/entities.h>
#include <libxml/globals.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <libxml/xmlIO.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlsave.h>
#include <libxml/xmlschemas.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

/* Swift 6 refuses calls through libxml2's global function pointers. */
static inline void clibxml2_free(void *pointer) { xmlFree(pointer); }

/* ---------------------------------------------------------------------------
 * Generic (printf-style) error messages.
 *
 * Most libxml2 errors arrive as structured errors, which Swift can receive
 * directly. A few code paths still call the variadic generic handler, which
 * Swift cannot implement; this trampoline formats the message and hands it
 * to a plain callback instead, so nothing is ever printed to stderr.
 * ------------------------------------------------------------------------- */
typedef void (*clibxml2_message_callback)(void *context, const char *message);

typedef struct clibxml2_message_sink {
    clibxml2_message_callback callback;
    void *context;
} clibxml2_message_sink;

static void clibxml2_generic_error_trampoline(void *context, const char *format, ...) {
    clibxml2_message_sink *sink = (clibxml2_message_sink *)context;
    if (sink == NULL || sink->callback == NULL || format == NULL) return;
    char buffer[1024];
    va_list arguments;
    va_start(arguments, format);
    vsnprintf(buffer, sizeof buffer, format, arguments);
    va_end(arguments);
    sink->callback(sink->context, buffer);
}

/* The handler and its context are per thread in libxml2 2.9: a synchronous
 * parse installs its own sink, then restores what it saved. */
typedef struct clibxml2_saved_generic_handler {
    void *function;
    void *context;
} clibxml2_saved_generic_handler;

static inline clibxml2_saved_generic_handler clibxml2_install_generic_sink(clibxml2_message_sink *sink) {
    clibxml2_saved_generic_handler saved;
    saved.function = (void *)(*__xmlGenericError());
    saved.context = *__xmlGenericErrorContext();
    xmlSetGenericErrorFunc(sink, clibxml2_generic_error_trampoline);
    return saved;
}

static inline void clibxml2_restore_generic_handler(clibxml2_saved_generic_handler saved) {
    xmlSetGenericErrorFunc(saved.context, (xmlGenericErrorFunc)saved.function);
}

/* ---------------------------------------------------------------------------
 * Source lines beyond 65,535.
 *
 * The HTML parser stores an element's line in an unsigned short, so a large
 * page loses its line numbers. This start-element hook records the full line
 * in the node's application-private field, which libxml2 never uses itself.
 * ------------------------------------------------------------------------- */
static void clibxml2_start_element_recording_line(void *context, const xmlChar *name, const xmlChar **attributes) {
    xmlParserCtxtPtr parser = (xmlParserCtxtPtr)context;
    xmlNodePtr before = parser->node;
    xmlSAX2StartElement(context, name, attributes);
    if (parser->node != NULL && parser->node != before && parser->input != NULL && parser->input->line > 0) {
        parser->node->_private = (void *)(intptr_t)parser->input->line;
    }
}

static inline void clibxml2_record_full_lines(htmlParserCtxtPtr parser) {
    parser->sax->startElement = clibxml2_start_element_recording_line;
}

static inline long clibxml2_recorded_line(xmlNodePtr node) {
    return (long)(intptr_t)node->_private;
}

#endif
