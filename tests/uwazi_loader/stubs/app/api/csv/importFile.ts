// Stub: only the stream of the CSV file is read here (no ZIP, no attachments).
import { createReadStream } from 'fs';

export type ImportFile = { readStream: () => Promise<NodeJS.ReadableStream> };

const importFile = (filePath: string): ImportFile => ({
  readStream: async () => createReadStream(filePath),
});

export default importFile;
