import type { Source } from '../../domain/index.ts';
import { createFeedKind } from './feed.ts';
import { createForumKind } from './forum.ts';
import type { KindHandler } from './kind.ts';
import { createListingKind } from './listing.ts';
import { createTelegramKind } from './telegram.ts';

/** The page reader of a source's kind. */
export function kindHandler(source: Source): KindHandler {
  const rules = source.extract;
  switch (rules.kind) {
    case 'listing':
      return createListingKind(rules);
    case 'forum':
      return createForumKind(rules);
    case 'telegram':
      return createTelegramKind();
    case 'feed':
      return createFeedKind();
  }
}
