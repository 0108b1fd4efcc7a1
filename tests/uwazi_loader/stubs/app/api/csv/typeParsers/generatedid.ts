// Stub: fieldkit's template has no generated id property.
export default async () => [];
