// SPDX-License-Identifier: GPL-3.0-or-later
// The probation domain model: cases, tiers, practitioners, teams, PDUs, regions,
// WMT workload arithmetic, allocation policies.
