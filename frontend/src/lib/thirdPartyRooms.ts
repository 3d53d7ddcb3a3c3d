import { ApiError } from './api';
import type { ThirdPartyRoom } from '../protocol/mimi/messages';

interface Http {
  get<T>(path: string): Promise<T>;
}

/**
 * Which conversations are third-party rooms, asked once per conversation (GET /api/federation/rooms/{id}; a local
 * customer's conversation answers 404 and is remembered as none). The messenger writes MIMI content in those.
 */
export class ThirdPartyRooms {
  private readonly known = new Map<string, Promise<ThirdPartyRoom | null>>();

  constructor(private readonly http: Http) {}

  room(conversation: string): Promise<ThirdPartyRoom | null> {
    let room = this.known.get(conversation);
    if (!room) {
      room = this.http.get<ThirdPartyRoom>(`/api/federation/rooms/${encodeURIComponent(conversation)}`).catch((error: unknown) => {
        // Anything but "no such room" is asked again next time.
        if (!(error instanceof ApiError && error.status === 404)) this.known.delete(conversation);
        if (error instanceof ApiError && error.status === 404) return null;
        throw error;
      });
      this.known.set(conversation, room);
    }
    return room;
  }
}
