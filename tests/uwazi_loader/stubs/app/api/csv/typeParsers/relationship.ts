// Stub: fieldkit's template has no relationship property.
export default async () => [];
