export type ServiceKind = 'http' | 'grpc' | 'job';

export interface ServiceGeneratorSchema {
  name: string;
  kind?: ServiceKind;
  port?: number;
  grpcPort?: number;
  description?: string;
  skipInstall?: boolean;
}
