// Stub: thesauri in memory instead of MongoDB. A saved value without an id gets one, as
// Uwazi's save gives it.
type Value = { id?: string; label: string; values?: Value[] };
type Thesaurus = { _id: string; name: string; values: Value[] };

const store = new Map<string, Thesaurus>();
let counter = 0;

const withIds = (values: Value[]): Value[] =>
  values.map(v => ({
    ...v,
    id: v.id || `v${(counter += 1)}`,
    ...(v.values ? { values: withIds(v.values) } : {}),
  }));

export default {
  load(thesauri: Thesaurus[]) {
    thesauri.forEach(t => store.set(t._id, { ...t, values: withIds(t.values) }));
  },
  all: () => Array.from(store.values()),
  get: async (query: { $in: string[] }) => query.$in.map(id => store.get(id)).filter(Boolean),
  getById: async (id: string) => store.get(String(id)),
  appendValues: (thesaurus: Thesaurus, values: Value[]) => ({
    ...thesaurus,
    values: [...thesaurus.values, ...values],
  }),
  save: async (thesaurus: Thesaurus) => {
    const saved = { ...thesaurus, values: withIds(thesaurus.values) };
    store.set(saved._id, saved);
    return saved;
  },
};
