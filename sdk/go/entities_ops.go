// Code below wires each entity type's generated calls into one collectionOps shape; the
// four blocks are identical but for the names.

package cpod

import (
	"context"

	"github.com/cpod/cpod/sdk/go/internal/gen"
)

func newEntities(api *gen.ClientWithResponses) *Entities {
	return &Entities{
		People:           &Collection[Person, PersonCreate, PersonUpdate]{peopleOps(api)},
		Groups:           &Collection[Group, GroupCreate, GroupUpdate]{groupsOps(api)},
		TechnologyAssets: &Collection[TechnologyAsset, TechnologyAssetCreate, TechnologyAssetUpdate]{technologyAssetsOps(api)},
		SoftwareLicenses: &Collection[SoftwareLicense, SoftwareLicenseCreate, SoftwareLicenseUpdate]{softwareLicensesOps(api)},
	}
}

func peopleOps(api *gen.ClientWithResponses) collectionOps[Person, PersonCreate, PersonUpdate] {
	return collectionOps[Person, PersonCreate, PersonUpdate]{
		create: func(ctx context.Context, key *string, body PersonCreate) (*Person, error) {
			r, err := api.CreatePersonWithResponse(ctx, &gen.CreatePersonParams{IdempotencyKey: key}, body)
			if err != nil {
				return nil, err
			}
			return decoded(r.JSON201, r.HTTPResponse)
		},
		get: func(ctx context.Context, id string) (*Person, error) {
			r, err := api.GetPersonWithResponse(ctx, id)
			if err != nil {
				return nil, err
			}
			return decoded(r.JSON200, r.HTTPResponse)
		},
		update: func(ctx context.Context, id string, ifMatch *string, body PersonUpdate) (*Person, error) {
			r, err := api.UpdatePersonWithResponse(ctx, id, &gen.UpdatePersonParams{IfMatch: ifMatch}, body)
			if err != nil {
				return nil, err
			}
			return decoded(r.JSON200, r.HTTPResponse)
		},
		del: func(ctx context.Context, id string, ifMatch *string) error {
			_, err := api.DeletePersonWithResponse(ctx, id, &gen.DeletePersonParams{IfMatch: ifMatch})
			return err
		},
		list: func(ctx context.Context, q listQuery) ([]Person, *string, error) {
			r, err := api.ListPeopleWithResponse(ctx, &gen.ListPeopleParams{
				Limit: q.limit, Cursor: q.cursor, Filter: q.filter, Sort: optional(gen.ListPeopleParamsSort(q.sort)),
			})
			if err != nil {
				return nil, nil, err
			}
			page, err := decoded(r.JSON200, r.HTTPResponse)
			if err != nil {
				return nil, nil, err
			}
			return page.Items, page.NextCursor, nil
		},
	}
}

func groupsOps(api *gen.ClientWithResponses) collectionOps[Group, GroupCreate, GroupUpdate] {
	return collectionOps[Group, GroupCreate, GroupUpdate]{
		create: func(ctx context.Context, key *string, body GroupCreate) (*Group, error) {
			r, err := api.CreateGroupWithResponse(ctx, &gen.CreateGroupParams{IdempotencyKey: key}, body)
			if err != nil {
				return nil, err
			}
			return decoded(r.JSON201, r.HTTPResponse)
		},
		get: func(ctx context.Context, id string) (*Group, error) {
			r, err := api.GetGroupWithResponse(ctx, id)
			if err != nil {
				return nil, err
			}
			return decoded(r.JSON200, r.HTTPResponse)
		},
		update: func(ctx context.Context, id string, ifMatch *string, body GroupUpdate) (*Group, error) {
			r, err := api.UpdateGroupWithResponse(ctx, id, &gen.UpdateGroupParams{IfMatch: ifMatch}, body)
			if err != nil {
				return nil, err
			}
			return decoded(r.JSON200, r.HTTPResponse)
		},
		del: func(ctx context.Context, id string, ifMatch *string) error {
			_, err := api.DeleteGroupWithResponse(ctx, id, &gen.DeleteGroupParams{IfMatch: ifMatch})
			return err
		},
		list: func(ctx context.Context, q listQuery) ([]Group, *string, error) {
			r, err := api.ListGroupsWithResponse(ctx, &gen.ListGroupsParams{
				Limit: q.limit, Cursor: q.cursor, Filter: q.filter, Sort: optional(gen.ListGroupsParamsSort(q.sort)),
			})
			if err != nil {
				return nil, nil, err
			}
			page, err := decoded(r.JSON200, r.HTTPResponse)
			if err != nil {
				return nil, nil, err
			}
			return page.Items, page.NextCursor, nil
		},
	}
}

func technologyAssetsOps(api *gen.ClientWithResponses) collectionOps[TechnologyAsset, TechnologyAssetCreate, TechnologyAssetUpdate] {
	return collectionOps[TechnologyAsset, TechnologyAssetCreate, TechnologyAssetUpdate]{
		create: func(ctx context.Context, key *string, body TechnologyAssetCreate) (*TechnologyAsset, error) {
			r, err := api.CreateTechnologyAssetWithResponse(ctx, &gen.CreateTechnologyAssetParams{IdempotencyKey: key}, body)
			if err != nil {
				return nil, err
			}
			return decoded(r.JSON201, r.HTTPResponse)
		},
		get: func(ctx context.Context, id string) (*TechnologyAsset, error) {
			r, err := api.GetTechnologyAssetWithResponse(ctx, id)
			if err != nil {
				return nil, err
			}
			return decoded(r.JSON200, r.HTTPResponse)
		},
		update: func(ctx context.Context, id string, ifMatch *string, body TechnologyAssetUpdate) (*TechnologyAsset, error) {
			r, err := api.UpdateTechnologyAssetWithResponse(ctx, id, &gen.UpdateTechnologyAssetParams{IfMatch: ifMatch}, body)
			if err != nil {
				return nil, err
			}
			return decoded(r.JSON200, r.HTTPResponse)
		},
		del: func(ctx context.Context, id string, ifMatch *string) error {
			_, err := api.DeleteTechnologyAssetWithResponse(ctx, id, &gen.DeleteTechnologyAssetParams{IfMatch: ifMatch})
			return err
		},
		list: func(ctx context.Context, q listQuery) ([]TechnologyAsset, *string, error) {
			r, err := api.ListTechnologyAssetsWithResponse(ctx, &gen.ListTechnologyAssetsParams{
				Limit: q.limit, Cursor: q.cursor, Filter: q.filter, Sort: optional(gen.ListTechnologyAssetsParamsSort(q.sort)),
			})
			if err != nil {
				return nil, nil, err
			}
			page, err := decoded(r.JSON200, r.HTTPResponse)
			if err != nil {
				return nil, nil, err
			}
			return page.Items, page.NextCursor, nil
		},
	}
}

func softwareLicensesOps(api *gen.ClientWithResponses) collectionOps[SoftwareLicense, SoftwareLicenseCreate, SoftwareLicenseUpdate] {
	return collectionOps[SoftwareLicense, SoftwareLicenseCreate, SoftwareLicenseUpdate]{
		create: func(ctx context.Context, key *string, body SoftwareLicenseCreate) (*SoftwareLicense, error) {
			r, err := api.CreateSoftwareLicenseWithResponse(ctx, &gen.CreateSoftwareLicenseParams{IdempotencyKey: key}, body)
			if err != nil {
				return nil, err
			}
			return decoded(r.JSON201, r.HTTPResponse)
		},
		get: func(ctx context.Context, id string) (*SoftwareLicense, error) {
			r, err := api.GetSoftwareLicenseWithResponse(ctx, id)
			if err != nil {
				return nil, err
			}
			return decoded(r.JSON200, r.HTTPResponse)
		},
		update: func(ctx context.Context, id string, ifMatch *string, body SoftwareLicenseUpdate) (*SoftwareLicense, error) {
			r, err := api.UpdateSoftwareLicenseWithResponse(ctx, id, &gen.UpdateSoftwareLicenseParams{IfMatch: ifMatch}, body)
			if err != nil {
				return nil, err
			}
			return decoded(r.JSON200, r.HTTPResponse)
		},
		del: func(ctx context.Context, id string, ifMatch *string) error {
			_, err := api.DeleteSoftwareLicenseWithResponse(ctx, id, &gen.DeleteSoftwareLicenseParams{IfMatch: ifMatch})
			return err
		},
		list: func(ctx context.Context, q listQuery) ([]SoftwareLicense, *string, error) {
			r, err := api.ListSoftwareLicensesWithResponse(ctx, &gen.ListSoftwareLicensesParams{
				Limit: q.limit, Cursor: q.cursor, Filter: q.filter, Sort: optional(gen.ListSoftwareLicensesParamsSort(q.sort)),
			})
			if err != nil {
				return nil, nil, err
			}
			page, err := decoded(r.JSON200, r.HTTPResponse)
			if err != nil {
				return nil, nil, err
			}
			return page.Items, page.NextCursor, nil
		},
	}
}
