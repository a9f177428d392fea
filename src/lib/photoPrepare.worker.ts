// Prepares photos off the page's thread (photoPrepare.ts sends them here): decoding and encoding
// a phone photo takes long enough to make the form stutter.
import { PhotoPrepareError, prepareHere } from './photoResize'

// The worker's own postMessage (one argument), not the window's.
const reply = (message: unknown) =>
  (globalThis as unknown as { postMessage(message: unknown): void }).postMessage(message)

globalThis.onmessage = async (event: MessageEvent<{ id: number; file: Blob }>) => {
  const { id, file } = event.data
  try {
    const photo = await prepareHere(file)
    reply({ id, photo })
  } catch (e) {
    reply({
      id,
      failure: e instanceof PhotoPrepareError ? e.reason : 'photoNotAnImage',
    })
  }
}
