// Stub: the one helper the CSV rows need, from Uwazi's own shared module.
import { safeName } from 'shared/propertyNames';

export const templateUtils = { safeName };
