package cpod

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
)

func TestReplayableUploadIsRetriedWithTheSameBytes(t *testing.T) {
	var bodies []string
	g := newGateway(t, func(w http.ResponseWriter, r *http.Request, n int) {
		b, _ := io.ReadAll(r.Body)
		bodies = append(bodies, string(b))
		if n == 1 {
			problem(w, 503, "unavailable")
			return
		}
		writeJSON(w, 200, map[string]any{"path": "a/b.txt", "size": len(b)})
	})
	obj, err := g.client(&fakeClock{}).Files.Upload(context.Background(), "a/b.txt", strings.NewReader("hello"), nil)
	if err != nil || obj.Size != 5 {
		t.Fatalf("Upload = %+v, %v", obj, err)
	}
	if len(bodies) != 2 || bodies[0] != "hello" || bodies[1] != "hello" {
		t.Fatalf("bodies = %q", bodies)
	}
	if r := g.seen()[0]; r.URL.EscapedPath() != "/v1/files/a%2Fb.txt" || r.Header.Get("Content-Type") != "application/octet-stream" {
		t.Fatalf("path %q, content type %q", r.URL.EscapedPath(), r.Header.Get("Content-Type"))
	}
}

func TestStreamedUploadIsSentOnce(t *testing.T) {
	g := newGateway(t, func(w http.ResponseWriter, r *http.Request, n int) {
		_, _ = io.ReadAll(r.Body)
		problem(w, 503, "unavailable")
	})
	pr, pw := io.Pipe()
	go func() { _, _ = pw.Write([]byte("stream")); _ = pw.Close() }()
	_, err := g.client(&fakeClock{}).Files.Upload(context.Background(), "a", pr, nil)
	if CodeOf(err) != "unavailable" || len(g.seen()) != 1 {
		t.Fatalf("err = %v, attempts = %d: a pipe cannot be resent", err, len(g.seen()))
	}
}

func TestDownloadStreamsAndMapsErrors(t *testing.T) {
	g := newGateway(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if n == 2 {
			problem(w, 404, "not_found")
			return
		}
		w.Header().Set("ETag", `"e1"`)
		w.Header().Set("Content-Type", "text/plain")
		_, _ = io.WriteString(w, "contents")
	})
	c := g.client(&fakeClock{})
	d, err := c.Files.Download(context.Background(), "x", &FileDownloadOptions{Tier: TierShared})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(d.Body)
	_ = d.Close()
	if string(b) != "contents" || d.ETag != `"e1"` || d.Size != 8 || g.seen()[0].URL.Query().Get("tier") != "shared" {
		t.Fatalf("download %q %+v", b, d)
	}
	var nf *NotFoundError
	if _, err := c.Files.Download(context.Background(), "x", nil); !errors.As(err, &nf) {
		t.Fatalf("err = %v", err)
	}
}
