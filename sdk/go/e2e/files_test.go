package e2e

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	cpod "github.com/cpod/cpod/sdk/go"
)

func TestFilesStreamRoundTrip(t *testing.T) {
	ctx, c := testContext(t), newClient(t)
	content := bytes.Repeat([]byte("cpod "), 200_000) // 1 MB
	sum := sha256.Sum256(content)
	// A pipe cannot be rewound: it is sent once, streamed (chunked).
	pr, pw := io.Pipe()
	go func() { _, _ = pw.Write(content); _ = pw.Close() }()
	obj, err := c.Files.Upload(ctx, "reports/2025/q1.txt", pr, &cpod.FileUploadOptions{
		ContentType: "text/plain", SHA256: hex.EncodeToString(sum[:]),
	})
	if err != nil {
		t.Fatal(err)
	}
	if obj.Size != len(content) || obj.Path != "reports/2025/q1.txt" {
		t.Fatalf("Upload = %+v", obj)
	}
	d, err := c.Files.Download(ctx, "reports/2025/q1.txt", nil)
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(d.Body)
	_ = d.Close()
	if err != nil || !bytes.Equal(got, content) || d.ETag != obj.Etag {
		t.Fatalf("Download: %d bytes, etag %q, %v", len(got), d.ETag, err)
	}
	d, err = c.Files.Download(ctx, "reports/2025/q1.txt", &cpod.FileDownloadOptions{IfNoneMatch: obj.Etag})
	if err != nil || !d.NotModified {
		t.Fatalf("conditional Download: %+v, %v", d, err)
	}
	_ = d.Close()
	d, err = c.Files.Download(ctx, "reports/2025/q1.txt", &cpod.FileDownloadOptions{Range: "bytes=0-3"})
	if err != nil {
		t.Fatal(err)
	}
	part, _ := io.ReadAll(d.Body)
	_ = d.Close()
	if !d.Partial || string(part) != "cpod" {
		t.Fatalf("Range: partial %v, %q", d.Partial, part)
	}
	var paths []string
	for f, err := range c.Files.List(ctx, &cpod.FileListOptions{Prefix: "reports/"}) {
		if err != nil {
			t.Fatal(err)
		}
		paths = append(paths, f.Path)
	}
	if len(paths) != 1 {
		t.Fatalf("List = %v", paths)
	}
	if err := c.Files.Delete(ctx, "reports/2025/q1.txt", "", nil); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Files.Download(ctx, "reports/2025/q1.txt", nil); cpod.CodeOf(err) != "not_found" {
		t.Fatalf("Download after Delete: %v", err)
	}
}

func TestFilesCreateOnlyAndChecksum(t *testing.T) {
	ctx, c := testContext(t), newClient(t)
	if _, err := c.Files.Upload(ctx, "once.txt", strings.NewReader("a"), &cpod.FileUploadOptions{CreateOnly: true}); err != nil {
		t.Fatal(err)
	}
	_, err := c.Files.Upload(ctx, "once.txt", strings.NewReader("b"), &cpod.FileUploadOptions{CreateOnly: true})
	if cpod.CodeOf(err) != "precondition_failed" {
		t.Fatalf("second create-only Upload: %v", err)
	}
	_, err = c.Files.Upload(ctx, "bad.txt", strings.NewReader("data"), &cpod.FileUploadOptions{SHA256: strings.Repeat("0", 64)})
	var ve *cpod.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("wrong checksum: %v", err)
	}
}

func TestFilesHeadAndPresignedURLs(t *testing.T) {
	ctx, c := testContext(t), newClient(t)
	obj, err := c.Files.Upload(ctx, "shared/hello.txt", strings.NewReader("hello"), &cpod.FileUploadOptions{ContentType: "text/plain"})
	if err != nil {
		t.Fatal(err)
	}
	h, err := c.Files.Head(ctx, "shared/hello.txt", nil)
	if err != nil || h.Size != 5 || h.ETag != obj.Etag {
		t.Fatalf("Head = %+v, %v", h, err)
	}
	_ = h.Close()
	if _, err := c.Files.Head(ctx, "shared/missing.txt", nil); cpod.CodeOf(err) != "not_found" {
		t.Fatalf("Head of a missing object: %v", err)
	}
	up, err := c.Files.PresignUpload(ctx, "shared/by-url.txt", 5*time.Minute, nil)
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequestWithContext(ctx, http.MethodPut, up.Url, strings.NewReader("via url"))
	req.Header.Set("Content-Type", "text/plain")
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode >= 300 {
		t.Fatalf("PUT presigned: %v %v", resp, err)
	}
	_ = resp.Body.Close()
	down, err := c.Files.PresignDownload(ctx, "shared/by-url.txt", time.Minute, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err = http.Get(down.Url)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if resp.StatusCode != 200 || string(body) != "via url" {
		t.Fatalf("GET presigned: %d %q", resp.StatusCode, body)
	}
}
