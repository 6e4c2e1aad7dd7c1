import type { ApplicationDoc, SealDoc, Store } from '../../store';

export interface PersonRefView {
  personId: string;
  name: string;
  idNumberMasked: string;
}

export interface ApplicationView {
  applicationId: string;
  sealId: string;
  unitId: string;
  kind: ApplicationDoc['kind'];
  channel: ApplicationDoc['channel'];
  status: SealDoc['status'];
  rejectionReason?: string;
  sealCode: string;
  displayName: string;
  materials: Array<{ kind: string; sm3: string; fileName?: string; mediaType?: string }>;
  holder?: PersonRefView;
  custodian?: PersonRefView;
  agent?: PersonRefView;
  replacingSealId?: string;
  createdAt: string;
}

async function personRef(store: Store, personId: string | undefined): Promise<PersonRefView | undefined> {
  if (personId === undefined) return undefined;
  const person = await store.people.byId(personId);
  if (!person) return undefined;
  return { personId, name: person.identity.nameMasked, idNumberMasked: person.identity.idNumberMasked };
}

/** Masked names and ID numbers only: applications are read by operators and unit admins alike. */
export async function applicationView(store: Store, application: ApplicationDoc, seal: SealDoc): Promise<ApplicationView> {
  const [holder, custodian, agent] = await Promise.all([
    personRef(store, application.holderPersonId),
    personRef(store, application.custodianPersonId),
    personRef(store, application.agentPersonId),
  ]);
  return {
    applicationId: application._id,
    sealId: application.sealId,
    unitId: application.unitId,
    kind: application.kind,
    channel: application.channel,
    status: seal.status,
    ...(seal.rejectionReason === undefined ? {} : { rejectionReason: seal.rejectionReason }),
    sealCode: application.sealCode,
    displayName: application.displayName,
    materials: application.materials.map((m) => ({
      kind: m.kind,
      sm3: m.sm3,
      ...(m.fileName ? { fileName: m.fileName } : {}),
      ...(m.mediaType ? { mediaType: m.mediaType } : {}),
    })),
    ...(holder ? { holder } : {}),
    ...(custodian ? { custodian } : {}),
    ...(agent ? { agent } : {}),
    ...(application.replacingSealId === undefined ? {} : { replacingSealId: application.replacingSealId }),
    createdAt: new Date(application.createdAt).toISOString(),
  };
}
