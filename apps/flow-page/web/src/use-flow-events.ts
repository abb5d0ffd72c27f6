import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { FlowEvent } from '../../src/shared/flow-api';

const EVENTS_KEY = ['flow-events'] as const;

/**
 * The events the page's server streams (server-sent events), kept in the TanStack Query cache
 * so that every component reads them like any other server state. Each new event also marks
 * its order's composed state stale, so the order panel refetches it.
 */
export function useFlowEvents(): FlowEvent[] {
  const queryClient = useQueryClient();
  useEffect(() => {
    const source = new EventSource('/api/events');
    source.addEventListener('flow-event', (message) => {
      const event = JSON.parse(message.data) as FlowEvent;
      queryClient.setQueryData<FlowEvent[]>(EVENTS_KEY, (known = []) =>
        // A reconnect replays the server's buffer: keep each record once.
        known.some((existing) => existing.id === event.id) ? known : [...known, event],
      );
      if (event.orderId) void queryClient.invalidateQueries({ queryKey: ['order', event.orderId] });
    });
    return () => source.close();
  }, [queryClient]);
  // Filled only by the stream above: never fetched, never stale.
  return useQuery({ queryKey: EVENTS_KEY, queryFn: () => queryClient.getQueryData<FlowEvent[]>(EVENTS_KEY) ?? [], initialData: [], staleTime: Infinity }).data;
}
