// SPDX-License-Identifier: GPL-3.0-or-later
// What runs write: time series, summaries, WMT snapshots, manifests.
