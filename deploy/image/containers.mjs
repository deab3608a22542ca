// How this machine's buildah and podman are run: one local store with the vfs driver (no
// overlay mounts needed), podman without systemd (cgroupfs) and with runc. Both read the same store.
import { succeeds } from './run-command.mjs';

/** Global options of every buildah and podman command here. */
export const STORAGE = ['--storage-driver', 'vfs'];

/** Global options of every podman command here. */
export const PODMAN = [...STORAGE, '--cgroup-manager', 'cgroupfs', '--runtime', 'runc'];

/**
 * Whether the local store holds an image of that name.
 * @param {string} name
 */
export function imageExists(name) {
  return succeeds('buildah', [...STORAGE, 'inspect', '--type', 'image', name]);
}
