import { updateIdeaText, withdrawIdea, type IdeaText } from '@/api/ideas'
import { report } from '@/api/reports'
import { unvote, vote } from '@/api/votes'

/**
 * What a person does to one idea: vote or take the vote back, and, as its author, change the text
 * or withdraw it. The database decides each time; a refusal throws for the form to word.
 */
export function useIdeaActions(ideaId: () => string) {
  return {
    vote: () => vote(ideaId()),
    unvote: () => unvote(ideaId()),
    saveText: (text: IdeaText) => updateIdeaText(ideaId(), text),
    withdraw: () => withdrawIdea(ideaId()),
  }
}

/** Reporting an idea or a comment to the team, with the reason the person gave. */
export function useReport(target: () => { ideaId?: string; commentId?: string }) {
  return { send: (reason: string) => report(target(), reason) }
}
