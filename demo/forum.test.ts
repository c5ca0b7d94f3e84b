import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { POSTS_PER_PAGE, THREADS_PER_PAGE } from './forum.ts';
import { startDemoSites, type DemoSites } from './index.ts';
import { corpusById, get, walk } from './test-support.ts';

let sites: DemoSites;
const corpus = corpusById();

beforeAll(async () => {
  sites = await startDemoSites();
});
afterAll(async () => {
  await sites.close();
});
beforeEach(() => sites.reset());

const threadUrls = async () =>
  (await walk(`${sites.urls.forum}/forum`, 'a.next')).flatMap(($) =>
    $('a.thread-link')
      .map((_, a) => new URL($(a).attr('href')!, sites.urls.forum).href)
      .get(),
  );

describe('forum', () => {
  it('the paginated thread list reaches every thread once', async () => {
    const pages = await walk(`${sites.urls.forum}/forum`, 'a.next');
    expect(pages).toHaveLength(Math.ceil(sites.items.forum.length / THREADS_PER_PAGE));
    expect(pages[0]!('tr.thread')).toHaveLength(THREADS_PER_PAGE);
    const urls = await threadUrls();
    const expected = sites.items.forum.map((id) => sites.locate(id).url.replace(/#.*$/, ''));
    expect(urls.sort()).toEqual(expected.sort());
  });

  it('thread pages open with the corpus post (author, date, text), replies follow, long threads paginate', async () => {
    let multiPage = 0;
    const postIds = new Set<string>();
    for (const id of sites.items.forum) {
      const { url, externalId } = sites.locate(id);
      const pages = await walk(url.replace(/#.*$/, ''), 'a.next');
      if (pages.length > 1) multiPage++;
      expect(pages[0]!('h1.thread-title').text()).toBe(corpus.get(id)!.title);
      const posts = pages.flatMap(($) =>
        $('article.post')
          .map((_, p) => ({
            id: $(p).find('a.post-permalink').attr('data-post-id')!,
            author: $(p).find('.post-author').text(),
            date: $(p).find('time.post-date').attr('datetime')!,
            text: $(p).find('.post-body').text(),
          }))
          .get(),
      );
      expect(pages.slice(0, -1).every(($) => $('article.post').length === POSTS_PER_PAGE)).toBe(true);
      expect(posts.length).toBeGreaterThanOrEqual(2);
      expect(posts[0]!.id).toBe(externalId);
      expect(posts[0]!.text).toBe(corpus.get(id)!.text);
      for (const post of posts) {
        expect(post.author).toMatch(/^(user_|membre)\w+$/);
        expect(Number.isNaN(Date.parse(post.date))).toBe(false);
        expect(post.text.length).toBeGreaterThan(0);
        expect(postIds.has(post.id)).toBe(false);
        postIds.add(post.id);
      }
      const dates = posts.map((p) => Date.parse(p.date));
      expect(dates).toEqual([...dates].sort((a, b) => a - b));
    }
    expect(multiPage).toBeGreaterThan(3);
  });

  it('a hidden thread leaves the list and answers 410; bad pages are refused', async () => {
    const id = sites.items.forum[0]!;
    const url = sites.locate(id).url.replace(/#.*$/, '');
    sites.hide(id);
    expect((await get(url)).status).toBe(410);
    expect(await threadUrls()).not.toContain(url);
    expect((await get(`${url}?page=2`)).status).toBe(410);
    sites.show(id);
    expect((await get(`${url}?page=x`)).status).toBe(400);
    expect((await get(`${url}?page=50`)).status).toBe(404);
    expect((await get(`${sites.urls.forum}/forum?page=-1`)).status).toBe(400);
    expect((await get(`${sites.urls.forum}/thread/1`)).status).toBe(404);
  });
});
