package cpod

import (
	"context"
	"io"
	"iter"
	"net/http"
	"strconv"

	"github.com/cpod/cpod/sdk/go/internal/gen"
)

// FileObject is the metadata of a stored object.
type FileObject = gen.FileObject

// Files is the tenant's object store (client.Files): streamed uploads and downloads.
type Files struct{ api *gen.ClientWithResponses }

// FileUploadOptions tune Upload; zero fields are absent.
type FileUploadOptions struct {
	Tier Tier
	// ContentType of the object; empty sends application/octet-stream.
	ContentType string
	// SHA256 is the lowercase hex digest of the upload: the server stores nothing if the
	// stream it received differs (400), so a corrupted upload never replaces good data.
	SHA256 string
	// IfMatch writes only if the object's current ETag is this (412 otherwise).
	IfMatch string
	// CreateOnly writes only if no object exists at the path (412 otherwise).
	CreateOnly bool
}

// Upload streams body to path and returns the stored object's metadata. A body the SDK can
// replay (*bytes.Reader, *bytes.Buffer, *strings.Reader) is retried like any call; any
// other reader (an *os.File, a pipe) is sent once, since it cannot be rewound.
func (f *Files) Upload(ctx context.Context, path string, body io.Reader, opts *FileUploadOptions) (*FileObject, error) {
	var o FileUploadOptions
	if opts != nil {
		o = *opts
	}
	ctype := o.ContentType
	if ctype == "" {
		ctype = "application/octet-stream"
	}
	params := gen.PutFileParams{
		Tier: optional(o.Tier), XChecksumSHA256: optional(o.SHA256), IfMatch: optional(o.IfMatch),
	}
	if o.CreateOnly {
		params.IfNoneMatch = optional("*")
	}
	resp, err := f.api.PutFileWithBodyWithResponse(ctx, path, &params, ctype, body)
	if err != nil {
		return nil, err
	}
	return decoded(resp.JSON200, resp.HTTPResponse)
}

// FileDownloadOptions tune Download; zero fields are absent.
type FileDownloadOptions struct {
	Tier Tier
	// Range is one byte range, e.g. "bytes=1024-", to resume or seek.
	Range string
	// IfNoneMatch is an ETag you hold: an unchanged object answers NotModified, no body.
	IfNoneMatch string
}

// FileDownload is an open download: read Body, then Close it.
type FileDownload struct {
	// Body streams the object (or the requested range); empty when NotModified.
	Body io.ReadCloser
	// ContentType, ETag and Size (of this body, -1 when unknown) are from the headers.
	ContentType, ETag string
	Size              int64
	// Partial is true for a 206 answer to a Range.
	Partial bool
	// NotModified is true when IfNoneMatch still matched (304).
	NotModified bool
}

// Close releases the connection.
func (d *FileDownload) Close() error { return d.Body.Close() }

// Download opens path for streaming: nothing is buffered, and ctx governs the whole read.
// A missing object is a *NotFoundError.
func (f *Files) Download(ctx context.Context, path string, opts *FileDownloadOptions) (*FileDownload, error) {
	var o FileDownloadOptions
	if opts != nil {
		o = *opts
	}
	params := gen.GetFileParams{Tier: optional(o.Tier), Range: optional(o.Range), IfNoneMatch: optional(o.IfNoneMatch)}
	resp, err := f.api.GetFile(ctx, path, &params)
	if err != nil {
		return nil, err
	}
	d := fileDownload(resp)
	d.Partial = resp.StatusCode == http.StatusPartialContent
	return d, nil
}

// fileDownload reads what Download and Head share from the response headers.
func fileDownload(resp *http.Response) *FileDownload {
	size := int64(-1)
	if n, err := strconv.ParseInt(resp.Header.Get("Content-Length"), 10, 64); err == nil {
		size = n
	}
	return &FileDownload{
		Body: resp.Body, ContentType: resp.Header.Get("Content-Type"), ETag: resp.Header.Get("ETag"),
		Size: size, NotModified: resp.StatusCode == http.StatusNotModified,
	}
}

// Delete removes the object at path; ifMatch ("" for none) deletes only at that ETag.
func (f *Files) Delete(ctx context.Context, path, ifMatch string, opts *KVOptions) error {
	_, err := f.api.DeleteFileWithResponse(ctx, path, &gen.DeleteFileParams{Tier: tierOf(opts), IfMatch: optional(ifMatch)})
	return err
}

// FileListOptions narrow and size a listing.
type FileListOptions struct {
	Tier Tier
	// Prefix lists only paths starting with it, e.g. a folder such as "reports/".
	Prefix string
	// Limit is the page size; zero uses the server's default.
	Limit int
}

// List walks every object's metadata in path order.
func (f *Files) List(ctx context.Context, opts *FileListOptions) iter.Seq2[FileObject, error] {
	var o FileListOptions
	if opts != nil {
		o = *opts
	}
	return paginate(ctx, func(ctx context.Context, cursor string) ([]FileObject, *string, error) {
		params := gen.ListFilesParams{
			Tier: optional(gen.ListFilesParamsTier(o.Tier)), Prefix: optional(o.Prefix),
			Limit: optional(o.Limit), Cursor: optional(cursor),
		}
		resp, err := f.api.ListFilesWithResponse(ctx, &params)
		if err != nil {
			return nil, nil, err
		}
		page, err := decoded(resp.JSON200, resp.HTTPResponse)
		if err != nil {
			return nil, nil, err
		}
		return page.Items, page.NextCursor, nil
	})
}
