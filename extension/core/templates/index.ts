// Scaffolding from the team's own templates: discovery, the `{{variable}}` language,
// safe file names, and creating documents that never overwrite an existing file.
export * from './template-syntax';
export * from './template-file';
export * from './render';
export * from './file-name';
export * from './scaffold';
