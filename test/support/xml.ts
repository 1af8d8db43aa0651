/** Parses a document with libxml2 (xmllint-wasm); fails the test, naming the document and libxml2's errors, if it is not well-formed XML. */
import assert from 'node:assert/strict';
import { validateXML } from 'xmllint-wasm';

export async function assertWellFormed(xml: string, name = 'document.xml'): Promise<void> {
  const r = await validateXML({ xml: [{ fileName: name, contents: xml }], normalization: 'format' });
  assert.deepEqual(r.errors.map((e) => e.message), [], `${name} is not well-formed`);
}
