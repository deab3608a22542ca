export interface LibGeneratorSchema {
  name: string;
  scope?: string;
  description?: string;
  skipInstall?: boolean;
}
