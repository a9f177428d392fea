// Edge Functions on first use, like Realtime and Storage (realtimeLazy.ts, storageLazy.ts):
// supabase-js imports functions-js for its `functions` getter, which put the client on every
// first visit, while only a few actions (an invite, a translation) call a function. In the
// production build vite.config.ts points supabase-js's import of '@supabase/functions-js' here.
// `invoke` is async anyway, so callers change nothing: it loads the real client, then calls it.
// The error classes are the real ones, so `instanceof FunctionsHttpError` keeps working.
import type {
  FunctionInvokeOptions,
  FunctionsClient as RealClient,
  FunctionsResponse,
} from '@supabase/functions-js'

export {
  FunctionRegion,
  FunctionsError,
  FunctionsFetchError,
  FunctionsHttpError,
  FunctionsRelayError,
} from 'emmer:functions-types'

type Args = ConstructorParameters<typeof RealClient>

let loading: Promise<typeof RealClient> | null = null

export class FunctionsClient {
  private readonly args: Args
  private token: string | null = null

  constructor(...args: Args) {
    this.args = args
  }

  setAuth(token: string): void {
    this.token = token
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the real signature's default
  async invoke<T = any>(
    functionName: string,
    options?: FunctionInvokeOptions,
  ): Promise<FunctionsResponse<T>> {
    loading ??= import('emmer:functions-js').then((m) => m.FunctionsClient)
    const real = new (await loading)(...this.args)
    if (this.token !== null) real.setAuth(this.token)
    return real.invoke<T>(functionName, options)
  }
}
