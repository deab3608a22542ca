// How this machine's buildah and podman are run: a store of the platform's own (so it never
// clashes with another use of the default one), overlay layers by default (vfs, which copies
// every layer in full, is several times slower: PLATFORM_IMAGES_DRIVER=vfs where overlay mounts
// are refused), podman without systemd (cgroupfs) and with runc. Both read the same store.
import { succeeds } from './run-command.mjs';

const driver = process.env['PLATFORM_IMAGES_DRIVER'] ?? 'overlay';
const root = process.env['PLATFORM_IMAGES_ROOT'] ?? '/var/lib/containers/platform';

/** Global options of every buildah and podman command here. */
export const STORAGE = [
  '--storage-driver',
  driver,
  '--root',
  `${root}/${driver}`,
  '--runroot',
  `/run/containers/platform-${driver}`,
];

/** Global options of every podman command here. */
export const PODMAN = [...STORAGE, '--cgroup-manager', 'cgroupfs', '--runtime', 'runc'];

/**
 * Whether the local store holds an image of that name.
 * @param {string} name
 */
export function imageExists(name) {
  return succeeds('buildah', [...STORAGE, 'inspect', '--type', 'image', name]);
}
