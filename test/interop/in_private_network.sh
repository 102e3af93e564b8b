#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Runs a command in a private network namespace whose only interface is
# loopback, with a default route through it: baresip binds its media sockets
# to every interface and wants a default route to find its own address, so
# the interop tests run here and touch nothing outside.
exec unshare --net -- sh -c 'ip link set lo up && ip route add default dev lo && exec "$@"' \
    in_private_network "$@"
