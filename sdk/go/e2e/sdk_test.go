package e2e

import (
	"errors"
	"fmt"
	"testing"
	"time"

	cpod "github.com/cpod/cpod/sdk/go"
)

func newClient(t *testing.T) *cpod.Client {
	t.Helper()
	c, err := cpod.New(cpod.Options{BaseURL: dev.BaseURL, ClientID: dev.ClientID, ClientSecret: dev.ClientSecret})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestKVRoundTrip(t *testing.T) {
	ctx, c := testContext(t), newClient(t)
	put, err := c.KV.Put(ctx, "e2e:greeting", map[string]any{"hello": "world"}, &cpod.KVPutOptions{TTL: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	got, err := c.KV.Get(ctx, "e2e:greeting", nil)
	if err != nil || got.Version != put.Version || got.ExpiresAt == nil {
		t.Fatalf("Get = %+v, %v", got, err)
	}
	if v, _ := got.Value.(map[string]any); v["hello"] != "world" {
		t.Fatalf("value = %#v", got.Value)
	}
	if err := c.KV.Delete(ctx, "e2e:greeting", nil, nil); err != nil {
		t.Fatal(err)
	}
	_, err = c.KV.Get(ctx, "e2e:greeting", nil)
	var nf *cpod.NotFoundError
	if !errors.As(err, &nf) || nf.Code != "not_found" || nf.RequestID == "" {
		t.Fatalf("Get after Delete: %v", err)
	}
}

func TestKVCompareAndSet(t *testing.T) {
	ctx, c := testContext(t), newClient(t)
	if _, err := c.KV.Put(ctx, "e2e:once", 1, &cpod.KVPutOptions{IfVersion: cpod.CreateOnly()}); err != nil {
		t.Fatal(err)
	}
	_, err := c.KV.Put(ctx, "e2e:once", 2, &cpod.KVPutOptions{IfVersion: cpod.CreateOnly()})
	var pf *cpod.PreconditionFailedError
	if !errors.As(err, &pf) {
		t.Fatalf("second create-only Put: %v", err)
	}
}

func TestKVIncrAndSharedTier(t *testing.T) {
	ctx, c := testContext(t), newClient(t)
	shared := &cpod.KVOptions{Tier: cpod.TierShared}
	if _, err := c.KV.Incr(ctx, "e2e:counter", 2, shared); err != nil {
		t.Fatal(err)
	}
	v, err := c.KV.Incr(ctx, "e2e:counter", 3, shared)
	if err != nil || v != 5 {
		t.Fatalf("Incr = %d, %v", v, err)
	}
	if _, err := c.KV.Get(ctx, "e2e:counter", nil); cpod.CodeOf(err) != "not_found" {
		t.Fatalf("the private tier sees the shared key: %v", err)
	}
}

func TestKVListPaginates(t *testing.T) {
	ctx, c := testContext(t), newClient(t)
	for i := range 5 {
		if _, err := c.KV.Put(ctx, fmt.Sprintf("e2e:list:%d", i), i, nil); err != nil {
			t.Fatal(err)
		}
	}
	var keys []string
	for item, err := range c.KV.List(ctx, &cpod.KVListOptions{Prefix: "e2e:list:", Limit: 2}) {
		if err != nil {
			t.Fatal(err)
		}
		keys = append(keys, item.Key)
	}
	if len(keys) != 5 || keys[0] != "e2e:list:0" || keys[4] != "e2e:list:4" {
		t.Fatalf("keys = %v", keys)
	}
}

func TestPeopleLifecycle(t *testing.T) {
	ctx, c := testContext(t), newClient(t)
	ext := "HR-" + fmt.Sprint(time.Now().UnixNano())
	created, err := c.Entities.People.Create(ctx, cpod.PersonCreate{DisplayName: "Ada Lovelace", ExternalId: &ext}, "")
	if err != nil {
		t.Fatal(err)
	}
	name := "Ada King"
	updated, err := c.Entities.People.Update(ctx, created.Id, cpod.PersonUpdate{DisplayName: &name}, created.Version)
	if err != nil || updated.DisplayName != name || updated.Version != created.Version+1 {
		t.Fatalf("Update = %+v, %v", updated, err)
	}
	_, err = c.Entities.People.Update(ctx, created.Id, cpod.PersonUpdate{DisplayName: &name}, created.Version)
	var pf *cpod.PreconditionFailedError
	if !errors.As(err, &pf) {
		t.Fatalf("stale Update: %v", err)
	}
	var found []cpod.Person
	for p, err := range c.Entities.People.List(ctx, &cpod.ListOptions{Filter: map[string]any{"external_id": ext}}) {
		if err != nil {
			t.Fatal(err)
		}
		found = append(found, p)
	}
	if len(found) != 1 || found[0].Id != created.Id {
		t.Fatalf("List by external_id = %+v", found)
	}
	if err := c.Entities.People.Delete(ctx, created.Id, updated.Version); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Entities.People.Get(ctx, created.Id); cpod.CodeOf(err) != "not_found" {
		t.Fatalf("Get after Delete: %v", err)
	}
}

func TestPeopleCreateIsIdempotentByKey(t *testing.T) {
	ctx, c := testContext(t), newClient(t)
	key := fmt.Sprintf("e2e-%d", time.Now().UnixNano())
	first, err := c.Entities.People.Create(ctx, cpod.PersonCreate{DisplayName: "Grace"}, key)
	if err != nil {
		t.Fatal(err)
	}
	again, err := c.Entities.People.Create(ctx, cpod.PersonCreate{DisplayName: "Grace"}, key)
	if err != nil || again.Id != first.Id {
		t.Fatalf("replay = %+v, %v: want the first response", again, err)
	}
	_, err = c.Entities.People.Create(ctx, cpod.PersonCreate{DisplayName: "Someone else"}, key)
	var ce *cpod.ConflictError
	if !errors.As(err, &ce) {
		t.Fatalf("same key, other body: %v", err)
	}
}

func TestValidationErrorNamesTheField(t *testing.T) {
	ctx, c := testContext(t), newClient(t)
	_, err := c.Entities.People.Create(ctx, cpod.PersonCreate{}, "")
	var ve *cpod.ValidationError
	if !errors.As(err, &ve) || ve.Status != 400 {
		t.Fatalf("empty person: %v", err)
	}
}

func TestWrongSecretIsAnAuthenticationError(t *testing.T) {
	c, err := cpod.New(cpod.Options{BaseURL: dev.BaseURL, ClientID: dev.ClientID, ClientSecret: "wrong"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.KV.Get(testContext(t), "k", nil)
	var ae *cpod.AuthenticationError
	if !errors.As(err, &ae) || ae.Status != 401 {
		t.Fatalf("err = %v", err)
	}
}

func TestGroupsHoldPeople(t *testing.T) {
	ctx, c := testContext(t), newClient(t)
	ada, err := c.Entities.People.Create(ctx, cpod.PersonCreate{DisplayName: "Ada"}, "")
	if err != nil {
		t.Fatal(err)
	}
	members := []string{ada.Id}
	team, err := c.Entities.Groups.Create(ctx, cpod.GroupCreate{Name: "e2e-team", MemberIds: &members}, "")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for g, err := range c.Entities.Groups.List(ctx, &cpod.ListOptions{Filter: map[string]any{"name": "e2e-team"}}) {
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, g.Name)
	}
	if len(names) != 1 {
		t.Fatalf("groups = %v", names)
	}
	got, err := c.Entities.Groups.Get(ctx, team.Id)
	if err != nil || got.MemberIds == nil || (*got.MemberIds)[0] != ada.Id {
		t.Fatalf("Get = %+v, %v", got, err)
	}
}

// Every field of the entity bodies can be set from outside the module (the generated
// package is internal, so its field types are re-exported).
func TestEntityBodiesAreWritableFromOutside(t *testing.T) {
	ctx, c := testContext(t), newClient(t)
	p, err := c.Entities.People.Create(ctx, cpod.PersonCreate{DisplayName: "Ada", Email: cpod.Ptr(cpod.Email("ada@example.org"))}, "")
	if err != nil || p.Email == nil || *p.Email != "ada@example.org" {
		t.Fatalf("person = %+v, %v", p, err)
	}
	asset, err := c.Entities.TechnologyAssets.Create(ctx, cpod.TechnologyAssetCreate{
		Name: "laptop-1", AssetType: cpod.Ptr(cpod.TechnologyAssetCreateAssetType("laptop")),
		Status: cpod.Ptr(cpod.TechnologyAssetCreateStatus("in_use")), OwnerId: &p.Id,
	}, "")
	if err != nil || asset.Status == nil || *asset.Status != "in_use" {
		t.Fatalf("asset = %+v, %v", asset, err)
	}
	lic, err := c.Entities.SoftwareLicenses.Create(ctx, cpod.SoftwareLicenseCreate{
		Product: "Editor", Seats: cpod.Ptr(5),
		ExpiresOn: &cpod.Date{Time: time.Date(2027, 1, 31, 0, 0, 0, 0, time.UTC)},
	}, "")
	if err != nil || lic.ExpiresOn == nil || lic.ExpiresOn.String() != "2027-01-31" {
		t.Fatalf("license = %+v, %v", lic, err)
	}
}
