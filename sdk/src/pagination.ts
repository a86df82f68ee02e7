/** The shape of every list response in the contract. */
export interface ListResponse<T> {
  items: T[];
  next_cursor: string | null;
}

/** Fetches the page at `cursor` (undefined = first page). */
export type PageFetcher<T> = (cursor: string | undefined) => Promise<ListResponse<T>>;

/**
 * One page of a list: its `items` and the cursor to the next one. Iterating a page with
 * `for await` walks its items and then every following page.
 *
 * @example
 *   let page = await client.secrets.list({ limit: 10 });
 *   while (page.hasNextPage()) page = await page.nextPage();
 */
export class Page<T> implements AsyncIterable<T> {
  readonly items: T[];
  readonly nextCursor: string | null;
  readonly #fetch: PageFetcher<T>;

  constructor(data: ListResponse<T>, fetch: PageFetcher<T>) {
    this.items = data.items;
    this.nextCursor = data.next_cursor;
    this.#fetch = fetch;
  }

  /** True when the server said there are more items. */
  hasNextPage(): boolean {
    return this.nextCursor !== null;
  }

  /** The next page; throws `RangeError` on the last page (check `hasNextPage()` first). */
  async nextPage(): Promise<Page<T>> {
    if (this.nextCursor === null) throw new RangeError("this is the last page");
    return new Page(await this.#fetch(this.nextCursor), this.#fetch);
  }

  /** This page and every following one, fetched one at a time as you iterate. */
  async *pages(): AsyncGenerator<Page<T>, void, undefined> {
    let page: Page<T> = this;
    yield page;
    while (page.hasNextPage()) {
      page = await page.nextPage();
      yield page;
    }
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T, void, undefined> {
    for await (const page of this.pages()) yield* page.items;
  }
}

/**
 * What `list()` returns: `await` it for the first page, or `for await` it for every item of
 * every page. Nothing is fetched until you do either, and the first page is fetched once.
 *
 * @example
 *   for await (const person of client.entities.people.list({ filter: { email: { $exists: true } } })) {
 *     console.log(person.display_name);
 *   }
 */
export class PagePromise<T> implements PromiseLike<Page<T>>, AsyncIterable<T> {
  #first: Promise<Page<T>> | undefined;
  readonly #fetch: PageFetcher<T>;

  constructor(fetch: PageFetcher<T>) {
    this.#fetch = fetch;
  }

  #firstPage(): Promise<Page<T>> {
    this.#first ??= this.#fetch(undefined).then((data) => new Page(data, this.#fetch));
    return this.#first;
  }

  // biome-ignore lint/suspicious/noThenProperty: a PagePromise is awaitable by design.
  then<A = Page<T>, B = never>(
    onFulfilled?: ((page: Page<T>) => A | PromiseLike<A>) | null,
    onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    return this.#firstPage().then(onFulfilled, onRejected);
  }

  /** Like `Promise.prototype.catch`, for the first page. */
  catch<B = never>(
    onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<Page<T> | B> {
    return this.#firstPage().catch(onRejected);
  }

  /** Like `Promise.prototype.finally`, for the first page. */
  finally(onFinally?: (() => void) | null): Promise<Page<T>> {
    return this.#firstPage().finally(onFinally);
  }

  /** Every page, fetched one at a time as you iterate. */
  async *pages(): AsyncGenerator<Page<T>, void, undefined> {
    yield* (await this.#firstPage()).pages();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T, void, undefined> {
    yield* await this.#firstPage();
  }
}
