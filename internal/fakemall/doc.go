// Package fakemall is the mall-neutral machinery of the fake mall servers
// (rakutentest, yahootest, ponparetest): a per-operation queue of injected
// faults, per-key wall-clock rate limits, the Retry-After header in whole
// seconds, and the record of the requests received (every one, or only the
// latest n so that a long run's memory stays flat).
//
// It knows nothing about any mall: each fake keeps its own routes, operation
// names, status bodies and public options, and uses these parts underneath.
// Every type here but Log (which its owner guards) is safe for concurrent
// use; the zero value of Faults, Recorder and Log is ready to use.
package fakemall
