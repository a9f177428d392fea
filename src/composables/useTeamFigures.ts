import { onMounted, ref, watch } from 'vue'
import { fetchDashboard, fetchTrustFigures } from '@/api/dashboard'
import { fetchAlliantieraadReport } from '@/api/report'
import { useRequest } from './useRequest'

/** A period of whole days that ends today, as the `from` and `to` of a date field. */
export function usePeriod(days: number) {
  const today = new Date()
  return {
    from: ref(new Date(today.getTime() - (days - 1) * 86_400_000).toISOString().slice(0, 10)),
    to: ref(today.toISOString().slice(0, 10)),
  }
}

function overPeriod<T>(days: number, read: (from: string, to: string) => Promise<T>) {
  const { from, to } = usePeriod(days)
  const request = useRequest(() => read(from.value, to.value))
  watch([from, to], () => void request.load())
  onMounted(request.load)
  return { from, to, ...request }
}

/** "Wat horen we": the team's dashboard over the last year, read again when the period changes. */
export function useDashboard() {
  return overPeriod(365, fetchDashboard)
}

/** The report for the alliantieraad over the last 90 days, read again when the period changes. */
export function useAlliantieraadReport() {
  return overPeriod(90, fetchAlliantieraadReport)
}

/** The public trust figures on the About page. */
export function useTrustFigures() {
  const request = useRequest(fetchTrustFigures)
  onMounted(request.load)
  return request
}
