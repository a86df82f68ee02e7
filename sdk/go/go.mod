module github.com/cpod/cpod/sdk/go

go 1.24.0

require (
	github.com/oapi-codegen/runtime v1.8.0
	golang.org/x/oauth2 v0.35.0
)

require (
	github.com/apapsch/go-jsonmerge/v2 v2.0.0 // indirect
	github.com/google/uuid v1.6.0 // indirect
)
