import type { Model } from 'mongoose';
import type { ApplicationDoc } from './application.model';

export type NewApplication = Omit<ApplicationDoc, 'createdAt' | 'updatedAt'>;

/** The `applications` collection: seal applications (第九条, 第十条) and their review. */
export interface ApplicationRepository {
  open(application: NewApplication): Promise<ApplicationDoc>;
  byId(applicationId: string): Promise<ApplicationDoc | null>;
  /** Takes back an application whose seal could not be opened. */
  withdraw(applicationId: string): Promise<void>;
  /** Whether an application to re-issue this seal exists. */
  reissuePending(sealId: string): Promise<boolean>;
}

export function applicationRepository(applications: Model<ApplicationDoc>): ApplicationRepository {
  return {
    open: async (application) => (await applications.create(application)).toObject(),
    byId: (applicationId) => applications.findById(applicationId).lean<ApplicationDoc>().exec(),
    async withdraw(applicationId) {
      await applications.deleteOne({ _id: applicationId }).exec();
    },
    reissuePending: async (sealId) => (await applications.exists({ replacingSealId: sealId }).exec()) !== null,
  };
}
