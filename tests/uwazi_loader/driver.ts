// Runs Uwazi's own CSV parsing on fieldkit's export: validateColumns, arrangeThesauri (which
// adds new labels to the thesauri, or stops the import), then each row through extractEntity
// and the type parser of each property, as importEntity's toMetadata calls them.
// Usage: tsx driver.ts TEMPLATE.json FILE.csv NEW_NAME_GENERATION(0|1)
import { readFileSync } from 'fs';
import csv from 'api/csv/csv';
import importFile from 'api/csv/importFile';
import { validateColumns } from 'api/csv/validateColumns';
import { arrangeThesauri } from 'api/csv/arrangeThesauri';
import { extractEntity } from 'api/csv/entityRow';
import typeParsers from 'api/csv/typeParsers';
import thesauri from 'api/thesauri';
import { safeName } from 'shared/propertyNames';

const LANGUAGES = ['en', 'es'];

const main = async () => {
  const [templatePath, csvPath, mode] = process.argv.slice(2);
  const newNames = mode === '1';
  const exported = JSON.parse(readFileSync(templatePath, 'utf-8'));
  const ids: Record<string, string> = {};
  exported.thesauri.forEach((t: any, i: number) => {
    ids[t.name] = `t${i}`;
  });
  thesauri.load(exported.thesauri.map((t: any) => ({ ...t, _id: ids[t.name] })));
  // As templates.save names properties (generateNames) once content holds thesaurus ids.
  const template: any = {
    ...exported.template,
    _id: 'template',
    properties: exported.template.properties.map((p: any) => ({
      ...p,
      name: safeName(p.label, newNames),
      ...(p.content ? { content: ids[p.content] } : {}),
    })),
  };
  const file: any = importFile(csvPath);
  const { headersWithoutLanguage, languagesPerHeader } = await validateColumns(
    file,
    template,
    LANGUAGES,
    'en',
    newNames
  );
  const names = new Set(['title', ...template.properties.map((p: any) => p.name)]);
  const dropped = headersWithoutLanguage.filter(h => !names.has(h));
  const propNameToThesauriId = await arrangeThesauri(
    file,
    template,
    newNames,
    headersWithoutLanguage,
    languagesPerHeader,
    'en'
  );
  const entities: any[] = [];
  const errors: string[] = [];
  await csv(await file.readStream(), true)
    .onRow(async row => {
      const { rawEntity } = extractEntity(row, LANGUAGES, 'en', 'en', propNameToThesauriId, newNames);
      if (!rawEntity) return;
      const metadata: Record<string, any> = {};
      for (const prop of template.properties) {
        if (rawEntity.propertiesFromColumns[prop.name]) {
          const parse = (typeParsers as any)[prop.type] || typeParsers.text;
          // eslint-disable-next-line no-await-in-loop
          metadata[prop.name] = await parse(rawEntity, prop, 'YYYY/MM/DD');
        }
      }
      entities.push({ title: rawEntity.propertiesFromColumns.title, metadata });
    })
    .onError(async (e: Error, _row, index) => {
      errors.push(`row ${index}: ${e.message}`);
    })
    .read();
  process.stdout.write(
    JSON.stringify({ dropped, errors, entities, names: template.properties.map((p: any) => p.name) })
  );
};

main().catch(e => {
  process.stdout.write(JSON.stringify({ fatal: String(e && e.message) }));
});
