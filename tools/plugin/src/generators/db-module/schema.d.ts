export interface DbModuleGeneratorSchema {
  name: string;
  description?: string;
}
