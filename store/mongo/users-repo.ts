import { newId } from '../ids.ts';
import type { Db } from 'mongodb';
import { AppError, type User } from '../../domain/index.ts';
import type { UserRepo } from '../types.ts';

type UserDoc = Omit<User, 'id'> & { _id: string; usernameLower: string };

const toUser = ({ _id, usernameLower: _l, ...rest }: UserDoc): User => ({ id: _id, ...rest });

/** Indexes of the users collection (created on start). */
export async function ensureMongoUserIndexes(db: Db): Promise<void> {
  await db.collection<UserDoc>('users').createIndex({ usernameLower: 1 }, { unique: true });
}

/** Users in MongoDB; usernames are unique regardless of case. */
export function createMongoUserRepo(db: Db): UserRepo {
  const users = db.collection<UserDoc>('users');
  return {
    async create(input, now) {
      const doc: UserDoc = {
        _id: newId(),
        ...input,
        usernameLower: input.username.toLowerCase(),
        disabled: false,
        createdAt: now.toISOString(),
      };
      try {
        await users.insertOne(doc);
      } catch (cause) {
        if ((cause as { code?: number }).code === 11000) {
          throw new AppError('conflict', `username "${input.username}" is already taken`, { cause });
        }
        throw cause;
      }
      return toUser(doc);
    },
    async get(id) {
      const doc = await users.findOne({ _id: id });
      return doc ? toUser(doc) : null;
    },
    async getByUsername(username) {
      const doc = await users.findOne({ usernameLower: username.toLowerCase() });
      return doc ? toUser(doc) : null;
    },
    async list() {
      return (await users.find().sort({ createdAt: 1, _id: 1 }).toArray()).map(toUser);
    },
    async update(id, patch) {
      const set: Partial<UserDoc> = {};
      if (patch.role !== undefined) set.role = patch.role;
      if (patch.disabled !== undefined) set.disabled = patch.disabled;
      if (patch.passwordHash !== undefined) set.passwordHash = patch.passwordHash;
      const doc = await users.findOneAndUpdate({ _id: id }, { $set: set }, { returnDocument: 'after' });
      return doc ? toUser(doc) : null;
    },
    async count() {
      return users.countDocuments();
    },
  };
}
