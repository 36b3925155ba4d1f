// Package fakemall is the mall-neutral machinery of the fake mall servers
// (rakutentest, yahootest): a per-operation queue of injected faults, per-key
// wall-clock rate limits, the Retry-After header in whole seconds, and the
// record of every request received.
//
// It knows nothing about any mall: each fake keeps its own routes, operation
// names, status bodies and public options, and uses these parts underneath.
// Every type here is safe for concurrent use; the zero value of Faults and
// Recorder is ready to use.
package fakemall
