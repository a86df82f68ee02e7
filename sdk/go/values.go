package cpod

import (
	openapi_types "github.com/oapi-codegen/runtime/types"

	"github.com/cpod/cpod/sdk/go/internal/gen"
)

// Field types of the entity bodies, re-exported because the generated package is internal:
// without them a caller could not name (or take the address of) a value of these types.
type (
	// Email is an email address field, e.g. cpod.Email("ada@example.org").
	Email = openapi_types.Email
	// Date is a calendar date field (no time of day), e.g. a license's ExpiresOn.
	Date = openapi_types.Date
	// The technology asset's enumerations, in the shape each body declares them.
	TechnologyAssetAssetType       = gen.TechnologyAssetAssetType
	TechnologyAssetStatus          = gen.TechnologyAssetStatus
	TechnologyAssetCreateAssetType = gen.TechnologyAssetCreateAssetType
	TechnologyAssetCreateStatus    = gen.TechnologyAssetCreateStatus
	TechnologyAssetUpdateAssetType = gen.TechnologyAssetUpdateAssetType
	TechnologyAssetUpdateStatus    = gen.TechnologyAssetUpdateStatus
)

// Ptr returns a pointer to v, for the optional (pointer) fields of request bodies:
//
//	cpod.PersonCreate{DisplayName: "Ada", Email: cpod.Ptr(cpod.Email("ada@example.org"))}
func Ptr[T any](v T) *T { return &v }
