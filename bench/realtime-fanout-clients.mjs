// Client process for bench/realtime-fanout.ts: N plain `ws` sockets that count the frames they get.
import WS from 'ws'

const { url, sockets } = await new Promise((resolve) => process.once('message', resolve))
let count = 0
await Promise.all(
  Array.from(
    { length: sockets },
    () =>
      new Promise((resolve, reject) => {
        const ws = new WS(url)
        ws.on('message', () => count++)
        ws.once('open', resolve).once('error', reject)
      }),
  ),
)
process.send({ type: 'open' })
process.on('message', (m) => {
  if (m.type === 'count') process.send({ count })
})
