// Stub: types only.
export type WithId<T> = T & { _id: string };
export type EnforcedWithId<T> = WithId<T>;
