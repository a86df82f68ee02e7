package cpod

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/cpod/cpod/sdk/go/internal/gen"
)

// Version is this SDK's version, sent in the User-Agent.
const Version = "0.1.0"

// Options configure a [Client]. Give either app credentials (ClientID and ClientSecret: the
// client-credentials grant, refreshed automatically) or a fixed AccessToken, and/or an
// AdminToken for client.OAuth.Apps. A client with only an AdminToken is an operator's client:
// its data calls fail with an *AuthenticationError naming the missing credentials.
type Options struct {
	// BaseURL of the gateway, e.g. http://127.0.0.1:8080. Required.
	BaseURL string
	// ClientID and ClientSecret of an app, for the client-credentials grant.
	ClientID, ClientSecret string
	// Scopes to ask for; empty asks for the app's default scopes.
	Scopes []string
	// AccessToken is a fixed token used instead of app credentials; it is never refreshed.
	AccessToken string
	// AdminToken is the operator's admin token (CPOD_ADMIN_TOKEN), sent only by
	// client.OAuth.Apps: it carries no tenant and must never reach an app.
	AdminToken string
	// HTTPClient sends the requests; its Transport is wrapped with the retry policy. Nil uses
	// one whose transport waits at most 60 s for response headers and sets no overall
	// timeout, so a long download is not cut off: bound calls with context deadlines.
	HTTPClient *http.Client
	// Retry overrides DefaultRetryPolicy.
	Retry *RetryPolicy
	// UserAgent is prepended to the SDK's own User-Agent.
	UserAgent string

	clock *clock // tests only
}

// Client is the cPod gateway client. It is safe for concurrent use; create one per app and
// reuse it, so its token cache and connections are shared.
//
//	c, err := cpod.New(cpod.Options{BaseURL: url, ClientID: id, ClientSecret: secret})
//	entry, err := c.KV.Get(ctx, "greeting", nil)
type Client struct {
	// KV is the key-value store.
	KV *KV
	// Entities are the tenant's directory: people, groups, technology assets, licenses.
	Entities *Entities
	// Files is the tenant's object store.
	Files *Files
	// Secrets is the tenant's secret store.
	Secrets *Secrets
	// Audit is the tenant's audit log.
	Audit *Audit
	// Analytics ingests events and runs aggregate queries.
	Analytics *Analytics
	// OAuth is OAuth administration (needs Options.AdminToken).
	OAuth *OAuth

	api *gen.ClientWithResponses
}

// New builds a client; it fails (without any network call) on missing or conflicting options.
func New(opts Options) (*Client, error) {
	base := strings.TrimRight(opts.BaseURL, "/")
	if base == "" {
		return nil, errors.New("cpod: Options.BaseURL is required")
	}
	hasApp := opts.ClientID != "" || opts.ClientSecret != ""
	if hasApp && opts.AccessToken != "" {
		return nil, errors.New("cpod: give either ClientID and ClientSecret or AccessToken")
	}
	if !hasApp && opts.AccessToken == "" && opts.AdminToken == "" {
		return nil, errors.New("cpod: give ClientID and ClientSecret, AccessToken or AdminToken")
	}
	if hasApp && (opts.ClientID == "" || opts.ClientSecret == "") {
		return nil, errors.New("cpod: ClientID and ClientSecret go together")
	}
	d := newDoer(opts, base)
	api, err := gen.NewClientWithResponses(base, gen.WithHTTPClient(d))
	if err != nil {
		return nil, err
	}
	// Admin calls go through their own doer, so the admin token is never sent on a data call
	// and an app token never on an admin call, whichever the caller holds.
	admin, err := gen.NewClientWithResponses(base, gen.WithHTTPClient(d.with(adminTokens(opts.AdminToken))))
	if err != nil {
		return nil, err
	}
	c := &Client{api: api}
	c.KV = &KV{api: api}
	c.Entities = newEntities(api)
	c.Files = &Files{api: api}
	c.Secrets = &Secrets{api: api}
	c.Audit = &Audit{api: api}
	c.Analytics = &Analytics{api: api}
	c.OAuth = &OAuth{Apps: &Apps{api: admin}}
	return c, nil
}

func newDoer(opts Options, base string) *doer {
	clk := realClock
	if opts.clock != nil {
		clk = *opts.clock
	}
	policy := DefaultRetryPolicy
	if opts.Retry != nil {
		policy = *opts.Retry
	}
	hc := &http.Client{}
	if opts.HTTPClient != nil {
		copied := *opts.HTTPClient
		hc = &copied
	}
	inner := hc.Transport
	if inner == nil {
		t := http.DefaultTransport.(*http.Transport).Clone()
		t.ResponseHeaderTimeout = 60 * time.Second
		inner = t
	}
	hc.Transport = &retryTransport{base: inner, policy: policy, clock: clk}
	ua := "cpod-sdk-go/" + Version
	if opts.UserAgent != "" {
		ua = opts.UserAgent + " " + ua
	}
	var tokens tokenSource
	switch {
	case opts.AccessToken != "":
		tokens = staticToken(opts.AccessToken)
	case opts.ClientID != "":
		tokens = newOAuthTokens(base, opts.ClientID, opts.ClientSecret, opts.Scopes, hc, clk)
	default:
		tokens = missingToken("ClientID and ClientSecret (or AccessToken)")
	}
	return &doer{http: hc, tokens: tokens, userAgent: ua, clock: clk}
}
