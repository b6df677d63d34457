// Debian installs some of the engines the tests run in /usr/sbin (nats-server), which a non-root user's PATH
// lacks: the tests look there too, as scripts/engines.sh does when it checks for them.
for (const dir of ['/usr/sbin', '/sbin']) {
  if (!(process.env.PATH ?? '').split(':').includes(dir)) process.env.PATH = `${process.env.PATH ?? ''}:${dir}`;
}
