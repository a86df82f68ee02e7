package cpod

import (
	"fmt"
	"net/http"
)

// decoded returns the body the generated parser decoded, or an error naming the response
// when it decoded none (a 2xx the contract does not describe, or a non-JSON body).
func decoded[T any](v *T, resp *http.Response) (*T, error) {
	if v != nil {
		return v, nil
	}
	status, ctype := 0, ""
	if resp != nil {
		status, ctype = resp.StatusCode, resp.Header.Get("Content-Type")
	}
	return nil, fmt.Errorf("cpod: unexpected response %d (%s) without the body the contract promises", status, ctype)
}
