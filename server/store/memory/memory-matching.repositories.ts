import type { ProfileFields, ProfileRecord, ProfileRepository, RequestRecord, RequestRepository } from '../../matching/matching.repository.js';
import type { Availability } from '../../../shared/models.js';
import { copy } from './memory-helpers.js';

// Specialist profiles and support requests in this process's memory.
// Office hours nest two levels deep; everything else in a profile is one level.
const copyProfile = (p: ProfileRecord): ProfileRecord => (p.officeHours ? structuredClone(p) : copy(p));

export class MemoryProfiles implements ProfileRepository {
  /** Changed by MemoryPersonalData (erasure). */
  readonly profiles = new Map<string, ProfileRecord>();

  async upsert(fields: ProfileFields) {
    const existing = this.profiles.get(fields.userId);
    const record: ProfileRecord = existing ? { ...existing, ...structuredClone(fields) } : { ...structuredClone(fields), availability: 'offline', blocked: [] };
    if (!fields.officeHours) delete record.officeHours;
    if (!fields.programId) delete record.programId;
    this.profiles.set(fields.userId, record);
    return copyProfile(record);
  }
  async get(userId: string) {
    const p = this.profiles.get(userId);
    return p && copyProfile(p);
  }
  async list() {
    return [...this.profiles.values()].map(copyProfile);
  }
  async setAvailability(userId: string, status: Availability) {
    const p = this.profiles.get(userId);
    if (!p) return undefined;
    p.availability = status;
    return copyProfile(p);
  }
  async setDisconnectedAt(userId: string, at: number | undefined) {
    const p = this.profiles.get(userId);
    if (!p) return;
    if (at === undefined) delete p.disconnectedAt;
    else p.disconnectedAt = at;
  }
  async reserve(userId: string, requestId: string) {
    const p = this.profiles.get(userId);
    if (!p || p.pendingOffer) return false;
    p.pendingOffer = requestId;
    return true;
  }
  async release(userId: string, requestId: string) {
    const p = this.profiles.get(userId);
    if (p?.pendingOffer === requestId) delete p.pendingOffer;
  }
  async block(userId: string, menteeId: string) {
    const p = this.profiles.get(userId);
    if (p && !p.blocked.includes(menteeId)) p.blocked.push(menteeId);
  }
}

export class MemoryRequests implements RequestRepository {
  /** Read and changed by MemoryPersonalData (export, erasure). */
  readonly requests = new Map<string, RequestRecord>();

  private isOpen = (r: RequestRecord) => r.status === 'waiting' || r.status === 'offered';

  async createIfNoneOpen(request: RequestRecord) {
    for (const r of this.requests.values()) {
      if (r.menteeId === request.menteeId && this.isOpen(r)) return { request: copy(r), created: false };
    }
    this.requests.set(request.id, copy(request));
    return { request: copy(request), created: true };
  }
  async get(id: string) {
    const r = this.requests.get(id);
    return r && copy(r);
  }
  async listOpen() {
    return [...this.requests.values()].filter(this.isOpen).map((r) => copy(r));
  }
  async offer(id: string, specialistId: string, expiresAt: number) {
    const r = this.requests.get(id);
    if (!r || r.status !== 'waiting') return false;
    Object.assign(r, { status: 'offered', offeredTo: specialistId, offerExpiresAt: expiresAt });
    return true;
  }
  async accept(id: string, specialistId: string, now: number) {
    const r = this.requests.get(id);
    if (!r || r.status !== 'offered' || r.offeredTo !== specialistId || (r.offerExpiresAt ?? 0) <= now) return undefined;
    r.status = 'matched';
    return copy(r);
  }
  async setMentorship(id: string, mentorshipId: string) {
    const r = this.requests.get(id);
    if (r) r.mentorshipId = mentorshipId;
  }
  async withdraw(id: string, specialistId: string, declined: boolean) {
    const r = this.requests.get(id);
    if (!r || r.status !== 'offered' || r.offeredTo !== specialistId) return undefined;
    r.status = 'waiting';
    delete r.offeredTo;
    delete r.offerExpiresAt;
    if (declined && !r.declinedBy.includes(specialistId)) r.declinedBy.push(specialistId);
    return copy(r);
  }
  async cancel(id: string, menteeId: string) {
    const r = this.requests.get(id);
    if (!r || r.menteeId !== menteeId || !this.isOpen(r)) return undefined;
    r.status = 'cancelled';
    return copy(r);
  }
  async expiredOffers(now: number) {
    return [...this.requests.values()].filter((r) => r.status === 'offered' && (r.offerExpiresAt ?? 0) <= now).map((r) => copy(r));
  }
  async setPosition(id: string, position: number) {
    const r = this.requests.get(id);
    if (r) r.lastPosition = position;
  }
}
