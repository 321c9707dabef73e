#!/usr/bin/env python3
"""Write a docker-archive image (what `docker save` makes; `docker load`,
`podman load` and `ctr image import` read it) of a root filesystem tree.

    mkimage.py ROOTFS TAG OUT.tar [CMD...]

One layer (the tree as a tar), a config with CMD (default /bin/sh) and
PATH, and manifest.json naming TAG.  No registry is involved."""
import hashlib, io, json, os, sys, tarfile

def main():
    rootfs, tag, out = sys.argv[1:4]
    cmd = sys.argv[4:] or ["/bin/sh"]
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as t:
        for name in sorted(os.listdir(rootfs)):
            t.add(os.path.join(rootfs, name), arcname=name)
    layer = buf.getvalue()
    diff_id = "sha256:" + hashlib.sha256(layer).hexdigest()
    config = {
        "architecture": "amd64", "os": "linux",
        "config": {"Cmd": cmd, "Env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"]},
        "rootfs": {"type": "layers", "diff_ids": [diff_id]},
        "history": [{"created_by": "husk tests/engines/mkimage.py"}],
    }
    cfg = json.dumps(config).encode()
    cfg_name = hashlib.sha256(cfg).hexdigest() + ".json"
    layer_dir = diff_id.split(":")[1]
    manifest = json.dumps([{"Config": cfg_name, "RepoTags": [tag], "Layers": [layer_dir + "/layer.tar"]}]).encode()
    with tarfile.open(out, "w") as t:
        for name, data in ((layer_dir + "/layer.tar", layer), (cfg_name, cfg), ("manifest.json", manifest)):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            info.mode = 0o644
            t.addfile(info, io.BytesIO(data))

main()
