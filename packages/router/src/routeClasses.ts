import { ROUTE_WORDS } from './route';
import type { MulticastTable } from './multicastTable';

/** Groups a table's entries by route: classOf[i] is entry i's class, classRoutes holds each class's route words. */
export function routeClasses(table: MulticastTable): { classOf: Int32Array; classRoutes: Uint32Array; count: number } {
  const ids = new Map<string, number>();
  const classOf = new Int32Array(table.size);
  const routes: number[] = [];
  const r = table.routes;
  for (let i = 0; i < table.size; i++) {
    const at = i * ROUTE_WORDS;
    const name = `${r[at]},${r[at + 1]},${r[at + 2]},${r[at + 3]},${r[at + 4]}`;
    let id = ids.get(name);
    if (id === undefined) {
      id = ids.size;
      ids.set(name, id);
      for (let w = 0; w < ROUTE_WORDS; w++) routes.push(r[at + w]);
    }
    classOf[i] = id;
  }
  return { classOf, classRoutes: Uint32Array.from(routes), count: ids.size };
}
