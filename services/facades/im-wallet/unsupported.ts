// Seed endpoints whose core capability is still being built elsewhere: each answers the app's
// refusal (-1) with the issue that brings it, and changes nothing. README, im-groups-wallet.
import type { FacadeRoute } from '../framework/surface.js';
import type { Code, ImProfile } from './profile.js';


/** TODO(#22): not mapped yet in this facade (README, im-groups-wallet, Not served yet). */
const later3 = ['/favorite/addFavorite', '/favorite/getFavorite', '/favorite/delFavorite'];
const later2 = ['/favorite/addFavorite', '/favorite/getFavorite'];

const refusal = (p: ImProfile, issue: string) => {
  const info = `暂不支持 (${issue})`;
  return p.edition === 3 ? { code: '-1', info, data: { info } } : { code: -1, info, data: null };
};

export const unsupportedRoutes = (p: ImProfile): FacadeRoute<Code>[] => {
  const groups: [string, string[]][] =
    p.edition === 3
      ? [
          ['#22', later3],
        ]
      : [
          ['#22', later2],
        ];
  return groups.flatMap(([issue, paths]) => paths.map((path): FacadeRoute<Code> => ({ path, raw: true, handler: () => refusal(p, issue) })));
};
