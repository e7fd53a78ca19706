// SupportScope's core, as one import for the command line, the reports and anyone embedding it: the scenario format
// and loader (`Scenarios`), the replay under each remote-support model (`Simulation`) and the measurement of what
// crossed (`Analysis`). Each is a target of its own; this one only re-exports them.
@_exported import Analysis
@_exported import Scenarios
@_exported import Simulation
