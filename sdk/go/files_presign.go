package cpod

import (
	"context"
	"time"

	"github.com/cpod/cpod/sdk/go/internal/gen"
)

// PresignedURL is a URL anyone may use, without a token, with its method until ExpiresAt.
type PresignedURL = gen.PresignResponse

// Head returns an object's headers without its body (Body is empty): whether it exists,
// its type, ETag and size. A missing object is a *NotFoundError (from the status alone,
// since a HEAD answer has no Problem body).
func (f *Files) Head(ctx context.Context, path string, opts *FileDownloadOptions) (*FileDownload, error) {
	var o FileDownloadOptions
	if opts != nil {
		o = *opts
	}
	resp, err := f.api.HeadFile(ctx, path, &gen.HeadFileParams{Tier: optional(o.Tier), IfNoneMatch: optional(o.IfNoneMatch)})
	if err != nil {
		return nil, err
	}
	return fileDownload(resp), nil
}

// PresignDownload returns a URL that lets someone GET the object without a token, for
// expiresIn (whole seconds, at most an hour; 0 uses the server's default).
func (f *Files) PresignDownload(ctx context.Context, path string, expiresIn time.Duration, opts *KVOptions) (*PresignedURL, error) {
	return f.presign(ctx, path, gen.GET, expiresIn, opts)
}

// PresignUpload returns a URL that lets someone PUT the object without a token.
func (f *Files) PresignUpload(ctx context.Context, path string, expiresIn time.Duration, opts *KVOptions) (*PresignedURL, error) {
	return f.presign(ctx, path, gen.PUT, expiresIn, opts)
}

func (f *Files) presign(ctx context.Context, path string, method gen.PresignRequestMethod, expiresIn time.Duration, opts *KVOptions) (*PresignedURL, error) {
	body := gen.PresignRequest{Method: method, ExpiresIn: optional(int(expiresIn / time.Second))}
	resp, err := f.api.PresignFileWithResponse(ctx, path, &gen.PresignFileParams{Tier: tierOf(opts)}, body)
	if err != nil {
		return nil, err
	}
	return decoded(resp.JSON200, resp.HTTPResponse)
}
