// Package cpod is the Go client of the cPod gateway: KV, entities and the rest of the REST
// contract, with the same network behaviour as @cpod/sdk and cpod-sdk for Python — tokens
// from the client-credentials grant refreshed before they expire, retries with capped
// jittered backoff that honour Retry-After, one Idempotency-Key per POST reused across its
// retries, one forced token refresh on 401, and typed errors for the contract's closed set
// of error codes.
package cpod
