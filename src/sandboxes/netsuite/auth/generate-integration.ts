import { randomUUID } from 'node:crypto';
import { exportPKCS8, exportSPKI, generateKeyPair } from 'jose';
import type { IntegrationCredential } from './client-credentials.js';

/** A freshly generated integration for demos and tests: the public half is registered, the private half handed out. */
export interface GeneratedIntegration extends IntegrationCredential {
  privateKeyPem: string;
  algorithm: 'PS256';
}

/** Generates a PS256 key pair and ids that look like NetSuite's (client id 64 hex, certificate id 43 chars). */
export async function generateIntegration(): Promise<GeneratedIntegration> {
  const { publicKey, privateKey } = await generateKeyPair('PS256', { extractable: true });
  const hex = (randomUUID() + randomUUID()).replace(/-/g, '');
  return {
    clientId: hex,
    certificateId: `cert_${randomUUID().replace(/-/g, '').slice(0, 38)}`,
    publicKeyPem: await exportSPKI(publicKey),
    privateKeyPem: await exportPKCS8(privateKey),
    algorithm: 'PS256',
  };
}
