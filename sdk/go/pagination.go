package cpod

import (
	"context"
	"iter"
)

// pageFetcher fetches the page at cursor ("" = first page): its items and the next cursor
// (nil on the last page).
type pageFetcher[T any] func(ctx context.Context, cursor string) ([]T, *string, error)

// paginate walks every item of every page, fetching one page at a time as the caller
// ranges. An error is yielded once, with T's zero value, and ends the walk; breaking out of
// the loop stops fetching.
//
//	for person, err := range c.Entities.People.List(ctx, nil) {
//		if err != nil { return err }
//		fmt.Println(person.DisplayName)
//	}
func paginate[T any](ctx context.Context, fetch pageFetcher[T]) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		cursor := ""
		for {
			items, next, err := fetch(ctx, cursor)
			if err != nil {
				var zero T
				yield(zero, err)
				return
			}
			for _, item := range items {
				if !yield(item, nil) {
					return
				}
			}
			if next == nil || *next == "" {
				return
			}
			cursor = *next
		}
	}
}

// optional is nil for a zero value, so unset options stay absent from the request.
func optional[T comparable](v T) *T {
	var zero T
	if v == zero {
		return nil
	}
	return &v
}
