import { computed, ref } from 'vue'
import { hideComment, hideIdea, listReports, resolveReport, type Report } from '@/api/moderation'
import { useRequest } from './useRequest'

/**
 * The open reports the team handles: the list, closing one with a note, and hiding what it is
 * about. Each error is the page's to show beside the report it belongs to.
 */
export function useModerationReports() {
  const request = useRequest(() => listReports(true))
  const reports = ref<Report[]>([])

  async function load(): Promise<void> {
    await request.load()
    if (request.data.value) reports.value = request.data.value
  }

  /** Closes the report with the team's note, then reads the open ones again. */
  async function resolve(report: Report, note: string): Promise<void> {
    await resolveReport(report.id, note)
    await load()
  }

  /** Hides the comment the report is about, or else its idea. */
  async function hideReported(report: Report, reason: string): Promise<void> {
    if (report.comment_id) await hideComment(report.comment_id, reason)
    else if (report.idea_id) await hideIdea(report.idea_id, reason)
  }

  /** Loading until the first answer or failure, so the page never says "no reports" too soon. */
  const loading = computed(
    () => request.loading.value || (!request.loaded.value && !request.error.value),
  )

  return { reports, loading, error: request.error, load, resolve, hideReported }
}
