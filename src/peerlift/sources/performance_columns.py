"""Which column of each DfE performance-tables layout holds which measure, year by year.

This is data, not logic: when a year's layout adds, renames or drops a column, add a row here.
``performance.py`` reads these tables; nothing in it names a publication's column.

Every column a layout is known to carry but that peerlift does not map (identifiers, names, addresses,
the many breakdowns) is listed as known, so that anything else in a file is reported as unknown.
The known KS2 and KS4 lists are every header cell of the real 2016/17 to 2018/19 LA downloads and every
field of their metadata files (``ks2_meta.csv``, ``*ks4_final_meta.csv``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from peerlift.domain.areas import AreaType


@dataclass(frozen=True, slots=True)
class Column:
    """A published column holding a measure, for the years (academic year end) it means that measure."""

    column: str
    measure: str
    first_year: int = 2016
    last_year: int | None = None

    def applies(self, year: int) -> bool:
        return self.first_year <= year and (self.last_year is None or year <= self.last_year)


def columns_for(table: tuple[Column, ...], year: int) -> dict[str, str]:
    """Column -> measure for one year of a layout."""
    return {c.column: c.measure for c in table if c.applies(year)}


def _names(text: str) -> frozenset[str]:
    return frozenset(text.split())


# ---------------------------------------------------------------------------------------------
# KS2 school-level files (england_ks2final.csv and the LA downloads), 2015/16 on.

KS2_COLUMNS: tuple[Column, ...] = (
    Column("PTRWM_EXP", "ks2_rwm_expected"),
    Column("PTRWM_HIGH", "ks2_rwm_high"),
    Column("READPROG", "ks2_reading_progress"),
    Column("WRITPROG", "ks2_writing_progress"),
    Column("MATPROG", "ks2_maths_progress"),
    Column("READ_AVERAGE", "ks2_reading_average"),
    Column("MAT_AVERAGE", "ks2_maths_average"),
    Column("GPS_AVERAGE", "ks2_gps_average"),
    Column("TELIG", "ks2_eligible_pupils"),
    Column("PTFSM6CLA1A", "ks2_disadvantaged_pct"),
    Column("PTRWM_EXP_FSM6CLA1A", "ks2_rwm_expected_disadvantaged"),
    Column("PTRWM_EXP_NotFSM6CLA1A", "ks2_rwm_expected_not_disadvantaged"),
    Column("READPROG_FSM6CLA1A", "ks2_reading_progress_disadvantaged"),
    Column("WRITPROG_FSM6CLA1A", "ks2_writing_progress_disadvantaged"),
    Column("MATPROG_FSM6CLA1A", "ks2_maths_progress_disadvantaged"),
)

KS2_KNOWN = _names(
    """
ADDRESS1 ADDRESS2 ADDRESS3 AGERANGE AlphaIND ALPHAIND BELIG CONFEXAM DIFFN_MATPROG DIFFN_READPROG
DIFFN_RWM_EXP DIFFN_RWM_HIGH DIFFN_WRITPROG ESTAB GELIG GPS_AVERAGE GPS_AVERAGE_B GPS_AVERAGE_EAL
GPS_AVERAGE_FSM6CLA1A GPS_AVERAGE_G GPS_AVERAGE_H GPS_AVERAGE_L GPS_AVERAGE_M GPS_AVERAGE_MOBN
GPS_AVERAGE_NotFSM6CLA1A ICLOSE LEA MATCOV MATPROG MATPROG_16 MATPROG_17 MATPROG_18 MATPROG_B
MATPROG_B_LOWER MATPROG_B_UPPER MATPROG_DESCR MATPROG_DESCR_16 MATPROG_DESCR_17 MATPROG_DESCR_18
MATPROG_EAL MATPROG_EAL_LOWER MATPROG_EAL_UPPER MATPROG_FSM6CLA1A MATPROG_FSM6CLA1A_LOWER
MATPROG_FSM6CLA1A_UPPER MATPROG_G MATPROG_G_LOWER MATPROG_G_UPPER MATPROG_H MATPROG_H_LOWER
MATPROG_H_UPPER MATPROG_L MATPROG_LOWER MATPROG_LOWER_16 MATPROG_LOWER_17 MATPROG_LOWER_18
MATPROG_L_LOWER MATPROG_L_UPPER MATPROG_M MATPROG_MOBN MATPROG_MOBN_LOWER MATPROG_MOBN_UPPER
MATPROG_M_LOWER MATPROG_M_UPPER MATPROG_NotFSM6CLA1A MATPROG_NotFSM6CLA1A_LOWER
MATPROG_NotFSM6CLA1A_UPPER MATPROG_UNADJUSTED MATPROG_UPPER MATPROG_UPPER_16 MATPROG_UPPER_17
MATPROG_UPPER_18 MAT_AVERAGE MAT_AVERAGE_16 MAT_AVERAGE_17 MAT_AVERAGE_18 MAT_AVERAGE_3YR
MAT_AVERAGE_B MAT_AVERAGE_EAL MAT_AVERAGE_FSM6CLA1A MAT_AVERAGE_G MAT_AVERAGE_H MAT_AVERAGE_L
MAT_AVERAGE_M MAT_AVERAGE_MOBN MAT_AVERAGE_NotFSM6CLA1A NFTYPE OPEN_AC PBELIG PCODE PCON_CODE
PCON_NAME PGELIG PSENELE PSENELEK PSENELK PSENELN PSENELSAP PSENELSAPK PSENELSE PSENELST PTEALGRP1
PTEALGRP2 PTEALGRP3 PTFSM6CLA1A PTFSM6CLA1A_16 PTFSM6CLA1A_17 PTFSM6CLA1A_18 PTGPS_AT PTGPS_EXP
PTGPS_EXP_FSM6CLA1A PTGPS_EXP_H PTGPS_EXP_L PTGPS_EXP_M PTGPS_EXP_NotFSM6CLA1A PTGPS_HIGH
PTGPS_HIGH_FSM6CLA1A PTGPS_HIGH_H PTGPS_HIGH_L PTGPS_HIGH_M PTGPS_HIGH_NotFSM6CLA1A PTKS1GROUP_H
PTKS1GROUP_L PTKS1GROUP_M PTKS1GROUP_NA PTMATTA_AD PTMATTA_EXP PTMAT_AT PTMAT_EXP
PTMAT_EXP_FSM6CLA1A PTMAT_EXP_H PTMAT_EXP_L PTMAT_EXP_M PTMAT_EXP_NotFSM6CLA1A PTMAT_HIGH
PTMAT_HIGH_FSM6CLA1A PTMAT_HIGH_H PTMAT_HIGH_L PTMAT_HIGH_M PTMAT_HIGH_NotFSM6CLA1A PTMOBN
PTNotFSM6CLA1A PTNOTFSM6CLA1A_16 PTNOTFSM6CLA1A_17 PTNOTFSM6CLA1A_18 PTREADTA_AD PTREADTA_EXP
PTREAD_AT PTREAD_EXP PTREAD_EXP_FSM6CLA1A PTREAD_EXP_H PTREAD_EXP_L PTREAD_EXP_M
PTREAD_EXP_NotFSM6CLA1A PTREAD_HIGH PTREAD_HIGH_FSM6CLA1A PTREAD_HIGH_H PTREAD_HIGH_L PTREAD_HIGH_M
PTREAD_HIGH_NotFSM6CLA1A PTRWM_EXP PTRWM_EXP_16 PTRWM_EXP_17 PTRWM_EXP_18 PTRWM_EXP_3YR PTRWM_EXP_B
PTRWM_EXP_EAL PTRWM_EXP_FSM6CLA1A PTRWM_EXP_FSM6CLA1A_16 PTRWM_EXP_FSM6CLA1A_17
PTRWM_EXP_FSM6CLA1A_18 PTRWM_EXP_G PTRWM_EXP_H PTRWM_EXP_L PTRWM_EXP_M PTRWM_EXP_MOBN
PTRWM_EXP_NotFSM6CLA1A PTRWM_EXP_NotFSM6CLA1A_16 PTRWM_EXP_NotFSM6CLA1A_17 PTRWM_EXP_NotFSM6CLA1A_18
PTRWM_HIGH PTRWM_HIGH_16 PTRWM_HIGH_17 PTRWM_HIGH_18 PTRWM_HIGH_3YR PTRWM_HIGH_B PTRWM_HIGH_EAL
PTRWM_HIGH_FSM6CLA1A PTRWM_HIGH_FSM6CLA1A_16 PTRWM_HIGH_FSM6CLA1A_17 PTRWM_HIGH_FSM6CLA1A_18
PTRWM_HIGH_G PTRWM_HIGH_H PTRWM_HIGH_L PTRWM_HIGH_M PTRWM_HIGH_MOBN PTRWM_HIGH_NotFSM6CLA1A
PTRWM_HIGH_NotFSM6CLA1A_16 PTRWM_HIGH_NotFSM6CLA1A_17 PTRWM_HIGH_NotFSM6CLA1A_18 PTSCITA_AD
PTSCITA_EXP PTWRITTA_AD PTWRITTA_EXP PTWRITTA_EXP_FSM6CLA1A PTWRITTA_EXP_H PTWRITTA_EXP_L
PTWRITTA_EXP_M PTWRITTA_EXP_NotFSM6CLA1A PTWRITTA_HIGH PTWRITTA_HIGH_FSM6CLA1A PTWRITTA_HIGH_H
PTWRITTA_HIGH_L PTWRITTA_HIGH_M PTWRITTA_HIGH_NotFSM6CLA1A PTWRITTA_WTS READCOV READPROG READPROG_16
READPROG_17 READPROG_18 READPROG_B READPROG_B_LOWER READPROG_B_UPPER READPROG_DESCR
READPROG_DESCR_16 READPROG_DESCR_17 READPROG_DESCR_18 READPROG_EAL READPROG_EAL_LOWER
READPROG_EAL_UPPER READPROG_FSM6CLA1A READPROG_FSM6CLA1A_LOWER READPROG_FSM6CLA1A_UPPER READPROG_G
READPROG_G_LOWER READPROG_G_UPPER READPROG_H READPROG_H_LOWER READPROG_H_UPPER READPROG_L
READPROG_LOWER READPROG_LOWER_16 READPROG_LOWER_17 READPROG_LOWER_18 READPROG_L_LOWER
READPROG_L_UPPER READPROG_M READPROG_MOBN READPROG_MOBN_LOWER READPROG_MOBN_UPPER READPROG_M_LOWER
READPROG_M_UPPER READPROG_NotFSM6CLA1A READPROG_NotFSM6CLA1A_LOWER READPROG_NotFSM6CLA1A_UPPER
READPROG_UNADJUSTED READPROG_UPPER READPROG_UPPER_16 READPROG_UPPER_17 READPROG_UPPER_18
READ_AVERAGE READ_AVERAGE_16 READ_AVERAGE_17 READ_AVERAGE_18 READ_AVERAGE_3YR READ_AVERAGE_B
READ_AVERAGE_EAL READ_AVERAGE_FSM6CLA1A READ_AVERAGE_G READ_AVERAGE_H READ_AVERAGE_L READ_AVERAGE_M
READ_AVERAGE_MOBN READ_AVERAGE_NotFSM6CLA1A RECTYPE RELDENOM SCHNAME SCHNAME_AC SENELN TAB15 TAB1618
TEALGRP1 TEALGRP2 TEALGRP3 TELIG TELIG_17 TELIG_18 TELIG_3YR TELNUM TFSM6CLA1A TKS1AVERAGE
TKS1GROUP_H TKS1GROUP_L TKS1GROUP_M TKS1GROUP_NA TMOBN TNotFSM6CLA1A TOTPUPS TOWN TPUPYEAR TSENELAPK
TSENELE TSENELEK TSENELK TSENELSAP TSENELSE TSENELST URN URN_AC WRITCOV WRITPROG WRITPROG_16
WRITPROG_17 WRITPROG_18 WRITPROG_B WRITPROG_B_LOWER WRITPROG_B_UPPER WRITPROG_DESCR
WRITPROG_DESCR_16 WRITPROG_DESCR_17 WRITPROG_DESCR_18 WRITPROG_EAL WRITPROG_EAL_LOWER
WRITPROG_EAL_UPPER WRITPROG_FSM6CLA1A WRITPROG_FSM6CLA1A_LOWER WRITPROG_FSM6CLA1A_UPPER WRITPROG_G
WRITPROG_G_LOWER WRITPROG_G_UPPER WRITPROG_H WRITPROG_H_LOWER WRITPROG_H_UPPER WRITPROG_L
WRITPROG_LOWER WRITPROG_LOWER_16 WRITPROG_LOWER_17 WRITPROG_LOWER_18 WRITPROG_L_LOWER
WRITPROG_L_UPPER WRITPROG_M WRITPROG_MOBN WRITPROG_MOBN_LOWER WRITPROG_MOBN_UPPER WRITPROG_M_LOWER
WRITPROG_M_UPPER WRITPROG_NotFSM6CLA1A WRITPROG_NotFSM6CLA1A_LOWER WRITPROG_NotFSM6CLA1A_UPPER
WRITPROG_UNADJUSTED WRITPROG_UPPER WRITPROG_UPPER_16 WRITPROG_UPPER_17 WRITPROG_UPPER_18
"""
)

# RECTYPE, from the 2018-19 ks2_meta.csv (the 2016/17 and 2017/18 files hold the same rows: one LA row
# with the LA's name, then two national rows, 4 the larger, as the later metadata says).
KS2_RECTYPES: dict[str, str] = {
    "1": "school",  # mainstream school
    "2": "school",  # special school
    "3": AreaType.LA.value,
    "4": "national_all",  # national, all schools (independent schools included)
    "5": AreaType.ENGLAND.value,  # national, state-funded schools only
}

# ---------------------------------------------------------------------------------------------
# KS4 school-level files (england_ks4final.csv and the LA downloads), 2015/16 on.

KS4_COLUMNS: tuple[Column, ...] = (
    Column("TPUP", "ks4_pupils"),
    Column("ATT8SCR", "attainment8"),
    Column("P8MEA", "progress8"),
    Column("P8CILOW", "progress8_lower_ci"),
    Column("P8CIUPP", "progress8_upper_ci"),
    Column("P8PUP", "progress8_pupils"),
    Column("PTEBACC_E_PTQ_EE", "ebacc_entry_pct"),
    # The EBacc average point score was first published for 2017/18.
    Column("EBACCAPS", "ebacc_aps", first_year=2018),
    # Grades 9-4 and 9-5 in English and maths from 2016/17 (2015/16 used A*-C, not comparable).
    Column("PTL2BASICS_94", "basics_94_pct", first_year=2017),
    Column("PTL2BASICS_95", "basics_95_pct", first_year=2017),
    Column("PTFSM6CLA1A", "ks4_disadvantaged_pct"),
    Column("ATT8SCR_FSM6CLA1A", "attainment8_disadvantaged"),
    Column("P8MEA_FSM6CLA1A", "progress8_disadvantaged"),
    Column("ATT8SCR_NFSM6CLA1A", "attainment8_not_disadvantaged"),
    Column("P8MEA_NFSM6CLA1A", "progress8_not_disadvantaged"),
)

KS4_KNOWN = _names(
    """
AC5EM14_PTQ AC5EM15_PTQ_EE AC5EM16_PTQ_EE ADDRESS1 ADDRESS2 ADDRESS3 ADMPOL ADMPOL_18 ADMPOL_2017
AGERANGE ALPHAIND ATT8SCR ATT8SCREBAC ATT8SCREBAC_BOYS ATT8SCREBAC_EAL ATT8SCREBAC_FSM6CLA1A
ATT8SCREBAC_GIRLS ATT8SCREBAC_NFSM6CLA1A ATT8SCREBAC_NMOB ATT8SCRENG ATT8SCRENG_BOYS ATT8SCRENG_EAL
ATT8SCRENG_FSM6CLA1A ATT8SCRENG_GIRLS ATT8SCRENG_NFSM6CLA1A ATT8SCRENG_NMOB ATT8SCRMAT
ATT8SCRMAT_BOYS ATT8SCRMAT_EAL ATT8SCRMAT_FSM6CLA1A ATT8SCRMAT_GIRLS ATT8SCRMAT_NFSM6CLA1A
ATT8SCRMAT_NMOB ATT8SCROPEN ATT8SCROPENG ATT8SCROPENG_BOYS ATT8SCROPENG_EAL ATT8SCROPENG_FSM6CLA1A
ATT8SCROPENG_GIRLS ATT8SCROPENG_NFSM6CLA1A ATT8SCROPENG_NMOB ATT8SCROPENNG ATT8SCROPENNG_BOYS
ATT8SCROPENNG_EAL ATT8SCROPENNG_FSM6CLA1A ATT8SCROPENNG_GIRLS ATT8SCROPENNG_NFSM6CLA1A
ATT8SCROPENNG_NMOB ATT8SCROPEN_BOYS ATT8SCROPEN_EAL ATT8SCROPEN_FSM6CLA1A ATT8SCROPEN_GIRLS
ATT8SCROPEN_NFSM6CLA1A ATT8SCROPEN_NMOB ATT8SCR_15 ATT8SCR_16 ATT8SCR_17 ATT8SCR_18 ATT8SCR_AV
ATT8SCR_BOYS ATT8SCR_EAL ATT8SCR_FSM6CLA1A ATT8SCR_FSM6CLA1A_16 ATT8SCR_FSM6CLA1A_17
ATT8SCR_FSM6CLA1A_18 ATT8SCR_GIRLS ATT8SCR_HI ATT8SCR_LO ATT8SCR_NFSM6CLA1A ATT8SCR_NFSM6CLA1A_16
ATT8SCR_NFSM6CLA1A_17 ATT8SCR_NFSM6CLA1A_18 ATT8SCR_NFSM6CLA1A__16 ATT8SCR_NMOB AVGEBACFILL
AVGOPENFILL BPUP CONFEXAM CONTFLAG DIFFN_ATT8 DIFFN_P8MEA EBACCAPS EBACCAPS_18 EBACCAPS_AV
EBACCAPS_BOYS EBACCAPS_EAL EBACCAPS_FSM6CLA1A EBACCAPS_FSM6CLA1A_18 EBACCAPS_GIRLS EBACCAPS_HI
EBACCAPS_LO EBACCAPS_NFSM6CLA1A EBACCAPS_NFSM6CLA1A_18 EBACCAPS_NMOB EGENDER ESTAB FEEDER GPUP
HUMVACOV_PTQ_EE HUMVALOW_AV_PTQ_EE HUMVALOW_FSM6CLA1A_PTQ_EE HUMVALOW_HI_PTQ_EE HUMVALOW_LO_PTQ_EE
HUMVALOW_NFSM6CLA1A_PTQ_EE HUMVALOW_PTQ_EE HUMVAMEA_AV_PTQ_EE HUMVAMEA_FSM6CLA1A_PTQ_EE
HUMVAMEA_HI_PTQ_EE HUMVAMEA_LO_PTQ_EE HUMVAMEA_NFSM6CLA1A_PTQ_EE HUMVAMEA_PTQ_EE HUMVAUPP_AV_PTQ_EE
HUMVAUPP_FSM6CLA1A_PTQ_EE HUMVAUPP_HI_PTQ_EE HUMVAUPP_LO_PTQ_EE HUMVAUPP_NFSM6CLA1A_PTQ_EE
HUMVAUPP_PTQ_EE ICLOSE KS2APS LANVACOV_PTQ_EE LANVALOW_AV_PTQ_EE LANVALOW_FSM6CLA1A_PTQ_EE
LANVALOW_HI_PTQ_EE LANVALOW_LO_PTQ_EE LANVALOW_NFSM6CLA1A_PTQ_EE LANVALOW_PTQ_EE LANVAMEA_AV_PTQ_EE
LANVAMEA_FSM6CLA1A_PTQ_EE LANVAMEA_HI_PTQ_EE LANVAMEA_LO_PTQ_EE LANVAMEA_NFSM6CLA1A_PTQ_EE
LANVAMEA_PTQ_EE LANVAUPP_AV_PTQ_EE LANVAUPP_FSM6CLA1A_PTQ_EE LANVAUPP_HI_PTQ_EE LANVAUPP_LO_PTQ_EE
LANVAUPP_NFSM6CLA1A_PTQ_EE LANVAUPP_PTQ_EE LEA NFTYPE NUMBOYS NUMGIRLS P8CILOW P8CILOW_15 P8CILOW_16
P8CILOW_17 P8CILOW_18 P8CILOW_AV P8CILOW_AV_ORIG P8CILOW_BOYS P8CILOW_BOYS_ORIG P8CILOW_EAL
P8CILOW_EAL_ORIG P8CILOW_FSM6CLA1A P8CILOW_FSM6CLA1A_16 P8CILOW_FSM6CLA1A_17 P8CILOW_FSM6CLA1A_18
P8CILOW_FSM6CLA1A_ORIG P8CILOW_FSM6CLA1A__16 P8CILOW_GIRLS P8CILOW_GIRLS_ORIG P8CILOW_HI
P8CILOW_HI_ORIG P8CILOW_LO P8CILOW_LO_ORIG P8CILOW_NFSM6CLA1A P8CILOW_NFSM6CLA1A_16
P8CILOW_NFSM6CLA1A_17 P8CILOW_NFSM6CLA1A_18 P8CILOW_NFSM6CLA1A_ORIG P8CILOW_NFSM6CLA1A__16
P8CILOW_NMOB P8CILOW_NMOB_ORIG P8CILOW_ORIG P8CIUPP P8CIUPP_15 P8CIUPP_16 P8CIUPP_17 P8CIUPP_18
P8CIUPP_AV P8CIUPP_AV_ORIG P8CIUPP_BOYS P8CIUPP_BOYS_ORIG P8CIUPP_EAL P8CIUPP_EAL_ORIG
P8CIUPP_FSM6CLA1A P8CIUPP_FSM6CLA1A_16 P8CIUPP_FSM6CLA1A_17 P8CIUPP_FSM6CLA1A_18
P8CIUPP_FSM6CLA1A_ORIG P8CIUPP_FSM6CLA1A__16 P8CIUPP_GIRLS P8CIUPP_GIRLS_ORIG P8CIUPP_HI
P8CIUPP_HI_ORIG P8CIUPP_LO P8CIUPP_LO_ORIG P8CIUPP_NFSM6CLA1A P8CIUPP_NFSM6CLA1A_16
P8CIUPP_NFSM6CLA1A_17 P8CIUPP_NFSM6CLA1A_18 P8CIUPP_NFSM6CLA1A_ORIG P8CIUPP_NFSM6CLA1A__16
P8CIUPP_NMOB P8CIUPP_NMOB_ORIG P8CIUPP_ORIG P8MEA P8MEACOV P8MEAEBAC P8MEAEBAC_CILOW
P8MEAEBAC_CILOW_FSM6CLA1A P8MEAEBAC_CILOW_NFSM6CLA1A P8MEAEBAC_CIUPP P8MEAEBAC_CIUPP_FSM6CLA1A
P8MEAEBAC_CIUPP_NFSM6CLA1A P8MEAEBAC_FSM6CLA1A P8MEAEBAC_NFSM6CLA1A P8MEAENG P8MEAENG_CILOW
P8MEAENG_CILOW_FSM6CLA1A P8MEAENG_CILOW_NFSM6CLA1A P8MEAENG_CIUPP P8MEAENG_CIUPP_FSM6CLA1A
P8MEAENG_CIUPP_NFSM6CLA1A P8MEAENG_FSM6CLA1A P8MEAENG_NFSM6CLA1A P8MEAMAT P8MEAMAT_CILOW
P8MEAMAT_CILOW_FSM6CLA1A P8MEAMAT_CILOW_NFSM6CLA1A P8MEAMAT_CIUPP P8MEAMAT_CIUPP_FSM6CLA1A
P8MEAMAT_CIUPP_NFSM6CLA1A P8MEAMAT_FSM6CLA1A P8MEAMAT_NFSM6CLA1A P8MEAOPEN P8MEAOPEN_CILOW
P8MEAOPEN_CILOW_FSM6CLA1A P8MEAOPEN_CILOW_NFSM6CLA1A P8MEAOPEN_CIUPP P8MEAOPEN_CIUPP_FSM6CLA1A
P8MEAOPEN_CIUPP_NFSM6CLA1A P8MEAOPEN_FSM6CLA1A P8MEAOPEN_NFSM6CLA1A P8MEA_15 P8MEA_16 P8MEA_17
P8MEA_18 P8MEA_AV P8MEA_AV_ORIG P8MEA_BOYS P8MEA_BOYS_ORIG P8MEA_EAL P8MEA_EAL_ORIG P8MEA_FSM6CLA1A
P8MEA_FSM6CLA1A_16 P8MEA_FSM6CLA1A_17 P8MEA_FSM6CLA1A_18 P8MEA_FSM6CLA1A_ORIG P8MEA_FSM6CLA1A__16
P8MEA_GIRLS P8MEA_GIRLS_ORIG P8MEA_HI P8MEA_HI_ORIG P8MEA_LO P8MEA_LO_ORIG P8MEA_NFSM6CLA1A
P8MEA_NFSM6CLA1A_16 P8MEA_NFSM6CLA1A_17 P8MEA_NFSM6CLA1A_18 P8MEA_NFSM6CLA1A_ORIG
P8MEA_NFSM6CLA1A__16 P8MEA_NMOB P8MEA_NMOB_ORIG P8MEA_ORIG P8PUP P8PUP_15 P8PUP_16 P8PUP_17 P8PUP_18
P8PUP_AV P8PUP_BOYS P8PUP_EAL P8PUP_FSM6CLA1A P8PUP_FSM6CLA1A_16 P8PUP_FSM6CLA1A_17
P8PUP_FSM6CLA1A_18 P8PUP_FSM6CLA1A__16 P8PUP_GIRLS P8PUP_HI P8PUP_LO P8PUP_NFSM6CLA1A
P8PUP_NFSM6CLA1A_16 P8PUP_NFSM6CLA1A_17 P8PUP_NFSM6CLA1A_18 P8PUP_NFSM6CLA1A__16 P8PUP_NMOB
P8_BANDING PBEBACC_94 PBEBACC_95 PBEBACC_E_PTQ_EE PBL2BASICS_94 PBL2BASICS_95 PBPUP PCODE PGEBACC_94
PGEBACC_95 PGEBACC_E_PTQ_EE PGL2BASICS_94 PGL2BASICS_95 PGPUP PSENAPK4 PSENSE4 PSEN_ALL PT5EM_94
PT5EM_94_17 PT5EM_94_18 PTANYQ_PTQ_EE PTBASICSAV_94 PTBASICSAV_95 PTBASICSHI_94 PTBASICSHI_95
PTBASICSLO_94 PTBASICSLO_95 PTEALGRP1 PTEALGRP2 PTEALGRP3 PTEBAC2SCI91 PTEBAC2SCIAG_PTQ_EE
PTEBAC2SCI_94 PTEBAC2SCI_95 PTEBAC2SCI_E_PTQ_EE PTEBAC2SCI_PTQ_EE PTEBACC91 PTEBACCAV_94
PTEBACCAV_95 PTEBACCEAL_94 PTEBACCEAL_95 PTEBACCHI_94 PTEBACCHI_95 PTEBACCLO_94 PTEBACCLO_95
PTEBACCNMOB_94 PTEBACCNMOB_95 PTEBACC_14_PTQ PTEBACC_15_PTQ_EE PTEBACC_16_PTQ_EE PTEBACC_94
PTEBACC_94_17 PTEBACC_94_18 PTEBACC_94_FSM6CLA1A PTEBACC_94_FSM6CLA1A_17
PTEBACC_94_FSM6CLA1A_17_PTQ_EE PTEBACC_94_FSM6CLA1A_18 PTEBACC_94_NFSM6CLA1A
PTEBACC_94_NFSM6CLA1A_17 PTEBACC_94_NFSM6CLA1A_17_PTQ_EE PTEBACC_94_NFSM6CLA1A_18 PTEBACC_95
PTEBACC_95_17 PTEBACC_95_18 PTEBACC_95_FSM6CLA1A PTEBACC_95_FSM6CLA1A_17
PTEBACC_95_FSM6CLA1A_17_PTQ_EE PTEBACC_95_FSM6CLA1A_18 PTEBACC_95_NFSM6CLA1A
PTEBACC_95_NFSM6CLA1A_17 PTEBACC_95_NFSM6CLA1A_17_PTQ_EE PTEBACC_95_NFSM6CLA1A_18 PTEBACC_EAV_PTQ_EE
PTEBACC_EEAL_PTQ_EE PTEBACC_EFSM6CLA1A_15_PTQ_EE PTEBACC_EFSM6CLA1A_16_PTQ_EE PTEBACC_EFSM6CLA1A_17
PTEBACC_EFSM6CLA1A_17_PTQ_EE PTEBACC_EFSM6CLA1A_18 PTEBACC_EFSM6CLA1A_PTQ_EE PTEBACC_EFSM_14_PTQ
PTEBACC_EHI_PTQ_EE PTEBACC_ELO_PTQ_EE PTEBACC_ENFSM6CLA1A_15_PTQ_EE PTEBACC_ENFSM6CLA1A_16_PTQ_EE
PTEBACC_ENFSM6CLA1A_17 PTEBACC_ENFSM6CLA1A_17_PTQ_EE PTEBACC_ENFSM6CLA1A_18
PTEBACC_ENFSM6CLA1A_PTQ_EE PTEBACC_ENFSM_14_PTQ PTEBACC_ENMOB_PTQ_EE PTEBACC_E_14_PTQ
PTEBACC_E_15_PTQ_EE PTEBACC_E_16_PTQ_EE PTEBACC_E_17_PTQ_EE PTEBACC_E_18_PTQ_EE PTEBACC_E_PTQ_EE
PTEBACC_FSM6CLA1A_15_PTQ_EE PTEBACC_FSM6CLA1A_16_PTQ_EE PTEBACC_FSM_14_PTQ
PTEBACC_NFSM6CLA1A_15_PTQ_EE PTEBACC_NFSM6CLA1A_16_PTQ_EE PTEBACC_NFSM_14_PTQ PTEBACENG91
PTEBACENG_94 PTEBACENG_95 PTEBACENG_E_PTQ_EE PTEBACHUM91 PTEBACHUMAG_PTQ_EE PTEBACHUM_94
PTEBACHUM_95 PTEBACHUM_E_PTQ_EE PTEBACHUM_PTQ_EE PTEBACLAN91 PTEBACLANAG_PTQ_EE PTEBACLAN_94
PTEBACLAN_95 PTEBACLAN_E_PTQ_EE PTEBACLAN_PTQ_EE PTEBACMAT91 PTEBACMAT_94 PTEBACMAT_95
PTEBACMAT_E_PTQ_EE PTFSM6CLA1A PTFSM6CLA1ABASICS_15_PTQ_EE PTFSM6CLA1ABASICS_16_PTQ_EE
PTFSM6CLA1ABASICS_94 PTFSM6CLA1ABASICS_94_17 PTFSM6CLA1ABASICS_94_18 PTFSM6CLA1ABASICS_95
PTFSM6CLA1ABASICS_95_17 PTFSM6CLA1ABASICS_95_18 PTFSM6CLA1A_15 PTFSM6CLA1A_16 PTFSM6CLA1A_17
PTFSM6CLA1A_18 PTFSMBASICS_14_PTQ PTFSMCLA_14 PTL2BASICSEAL_94 PTL2BASICSEAL_95 PTL2BASICSNMOB_94
PTL2BASICSNMOB_95 PTL2BASICS_14_PTQ PTL2BASICS_15_PTQ_EE PTL2BASICS_16_PTQ_EE PTL2BASICS_94
PTL2BASICS_94_17 PTL2BASICS_94_17_PTQ_EE PTL2BASICS_94_18 PTL2BASICS_95 PTL2BASICS_95_17
PTL2BASICS_95_17_PTQ_EE PTL2BASICS_95_18 PTmultiLan_E PTNMOB PTNOTFSM6CLA1A
PTNOTFSM6CLA1ABASICS_15_PTQ_EE PTNOTFSM6CLA1ABASICS_16_PTQ_EE PTNOTFSM6CLA1ABASICS_94
PTNOTFSM6CLA1ABASICS_94_17 PTNOTFSM6CLA1ABASICS_94_18 PTNOTFSM6CLA1ABASICS_95
PTNOTFSM6CLA1ABASICS_95_17 PTNOTFSM6CLA1ABASICS_95_18 PTNOTFSM6CLA1A_15 PTNOTFSM6CLA1A_16
PTNOTFSM6CLA1A_17 PTNOTFSM6CLA1A_18 PTNOTFSMBASICS_14_PTQ PTNOTFSMBASICS_94_17 PTNOTFSMCLA_14
PTPRIORAV PTPRIORHI PTPRIORLO PTtripleSci_E RECTYPE RELDENOM SCHNAME SCHNAME_AC SCIVACOV_PTQ_EE
SCIVALOW_AV_PTQ_EE SCIVALOW_FSM6CLA1A_PTQ_EE SCIVALOW_HI_PTQ_EE SCIVALOW_LO_PTQ_EE
SCIVALOW_NFSM6CLA1A_PTQ_EE SCIVALOW_PTQ_EE SCIVAMEA_AV_PTQ_EE SCIVAMEA_FSM6CLA1A_PTQ_EE
SCIVAMEA_HI_PTQ_EE SCIVAMEA_LO_PTQ_EE SCIVAMEA_NFSM6CLA1A_PTQ_EE SCIVAMEA_PTQ_EE SCIVAUPP_AV_PTQ_EE
SCIVAUPP_FSM6CLA1A_PTQ_EE SCIVAUPP_HI_PTQ_EE SCIVAUPP_LO_PTQ_EE SCIVAUPP_NFSM6CLA1A_PTQ_EE
SCIVAUPP_PTQ_EE SENAPK4 SENSE4 SEN_ALL TAB1618 TABKS2 TAVENT_EFSM6CLA1A_15_PTQ_EE
TAVENT_EFSM6CLA1A_16_PTQ_EE TAVENT_EFSM6CLA1A_17_PTQ_EE TAVENT_EFSM6CLA1A_18_PTQ_EE
TAVENT_EFSM_14_PTQ TAVENT_ENFSM6CLA1A_15_PTQ_EE TAVENT_ENFSM6CLA1A_16_PTQ_EE
TAVENT_ENFSM6CLA1A_17_PTQ_EE TAVENT_ENFSM6CLA1A_18_PTQ_EE TAVENT_ENFSM_14_PTQ TAVENT_E_3NG_AV_PTQ_EE
TAVENT_E_3NG_FSM6CLA1A_PTQ_EE TAVENT_E_3NG_HI_PTQ_EE TAVENT_E_3NG_LO_PTQ_EE
TAVENT_E_3NG_NFSM6CLA1A_PTQ_EE TAVENT_E_3NG_PTQ_EE TAVENT_GAV_PTQ_EE TAVENT_GFSM6CLA1A_15_PTQ_EE
TAVENT_GFSM6CLA1A_16_PTQ_EE TAVENT_GFSM6CLA1A_17_PTQ_EE TAVENT_GFSM6CLA1A_18_PTQ_EE
TAVENT_GFSM6CLA1A_PTQ_EE TAVENT_GFSM_14_PTQ TAVENT_GHI_PTQ_EE TAVENT_GLO_PTQ_EE
TAVENT_GNFSM6CLA1A_15_PTQ_EE TAVENT_GNFSM6CLA1A_16_PTQ_EE TAVENT_GNFSM6CLA1A_17_PTQ_EE
TAVENT_GNFSM6CLA1A_18_PTQ_EE TAVENT_GNFSM6CLA1A_PTQ_EE TAVENT_GNFSM_14_PTQ TAVENT_G_PTQ_EE
TBASICSAV_94 TBASICSAV_95 TBASICSHI_94 TBASICSHI_95 TBASICSLO_94 TBASICSLO_95 TEALGRP1 TEALGRP2
TEALGRP3 TEBAC2SCI91 TEBAC2SCIAG_PTQ_EE TEBAC2SCI_94 TEBAC2SCI_95 TEBAC2SCI_E_PTQ_EE
TEBAC2SCI_PTQ_EE TEBACC91 TEBACC_EAV_PTQ_EE TEBACC_EHI_PTQ_EE TEBACC_ELO_PTQ_EE TEBACC_E_PTQ_EE
TEBACENG91 TEBACENG_94 TEBACENG_95 TEBACENG_E_PTQ_EE TEBACHUM91 TEBACHUMAG_PTQ_EE TEBACHUM_94
TEBACHUM_95 TEBACHUM_E_PTQ_EE TEBACHUM_PTQ_EE TEBACLAN91 TEBACLANAG_PTQ_EE TEBACLAN_94 TEBACLAN_95
TEBACLAN_E_PTQ_EE TEBACLAN_PTQ_EE TEBACMAT91 TEBACMAT_94 TEBACMAT_95 TEBACMAT_E_PTQ_EE TELNUM
TFSM6CLA1A TFSM6CLA1A_15 TFSM6CLA1A_16 TFSM6CLA1A_17 TFSM6CLA1A_18 TFSMCLA_14 TNMOB TNOTFSM6CLA1A
TNOTFSM6CLA1A_15 TNOTFSM6CLA1A_16 TNOTFSM6CLA1A_17 TNOTFSM6CLA1A_18 TNOTFSMCLA_14 TOTATT8
TOTATT8EBAC TOTATT8ENG TOTATT8MAT TOTATT8OPEN TOTATT8OPENG TOTATT8OPENNG TOTEBACCAPS TOTPUPS TOWN
TP8ADJ TP8ADJ_AV TP8ADJ_BOYS TP8ADJ_EAL TP8ADJ_FSM6CLA1A TP8ADJ_GIRLS TP8ADJ_HI TP8ADJ_LO
TP8ADJ_NFSM6CLA1A TP8ADJ_NMOB TPRIORAV TPRIORHI TPRIORLO TPUP URN
"""
)

# RECTYPE, from *ks4_final_meta.csv: "4=local authority; 5=National (all schools); 7=National
# (maintained schools)". 7 is the state-funded England figure the DfE quotes (Attainment 8 46.3 in 2017).
KS4_RECTYPES: dict[str, str] = {
    "1": "school",
    "2": "school",
    "4": AreaType.LA.value,
    "5": "national_all",
    "7": AreaType.ENGLAND.value,
}

# The files carry last year's figures beside this year's, with a two-digit suffix (KS2 PTRWM_EXP_17 in
# the 2017/18 file, KS4 ATT8SCR_16 in the 2016/17 file): the newest suffix is the year before the file's.
KS2_PRIOR_YEAR = re.compile(r"^PTRWM_EXP_(\d\d)$")
KS4_PRIOR_YEAR = re.compile(r"^ATT8SCR_(\d\d)$")

# A new school's row in the KS2 and KS4 files stops short with "NEW" in its pupil count (TOTPUPS in
# every real download of 2016/17 to 2018/19), where its figures would start.
NEW_SCHOOL_COLUMNS: tuple[str, ...] = ("TOTPUPS",)

# ---------------------------------------------------------------------------------------------
# School census (england_census.csv) and absence (england_abs.csv): no year in the file.

CENSUS_COLUMNS: tuple[Column, ...] = (
    Column("NOR", "pupils_on_roll"),
    Column("PNUMFSMEVER", "fsm_ever_pct"),  # % eligible for FSM at any time in the past 6 years
    Column("PNUMEAL", "eal_pct"),  # % first language known or believed to be other than English
    Column("PSENELK", "sen_support_pct"),  # % SEN support (code K)
    Column("PSENELSE", "ehcp_pct"),  # % with a statement or EHC plan
)
CENSUS_KNOWN = _names(
    "URN LA ESTAB SCHOOLTYPE NORG NORB PNORG PNORB TSENELSE TSENELK NUMEAL NUMENGFL NUMUNCFL "
    "PNUMENGFL PNUMUNCFL NUMFSM NUMFSMEVER"
)

# Total rows of files with one row per school: the national files end with England totals by phase
# (URN "NAT" in the census, LA "NAT" in absence, ESTAB the phase); LA downloads of every kind end with
# the LA's total and England's, with a placeholder where a school's URN is. What stands in the URN
# cell of a total row, and in the LA cell of England's (compared in upper case):
TOTAL_ROW_URNS = frozenset({"", "NAT", "LA", "ENG", "ENGLAND", "TOTAL", "ALL"})
ENGLAND_LA_CELLS = frozenset({"NAT", "ENG", "ENGLAND", "999", "E92000001", "TOTAL"})
LA_TOTAL = "LA total row"
ENGLAND_TOTAL = "England total row"

ABSENCE_COLUMNS: tuple[Column, ...] = (
    Column("PERCTOT", "overall_absence_pct"),
    Column("PPERSABS10", "persistent_absence_pct"),  # persistently absent: 10% or more of sessions
)
ABSENCE_KNOWN = _names("URN LA ESTAB")

# The older "spine" layout of school information (the identity columns the KS2/KS4 files start
# with, RECTYPE first): it is school information when it has none of the measure files' signatures.
SPINE_SIGNATURE = frozenset({"RECTYPE", "URN", "SCHNAME", "LEA"})
SPINE_NOT = frozenset({"PTRWM_EXP", "ATT8SCR"})
SPINE_RECTYPES: dict[str, str] = {
    "1": "school",
    "2": "school",
    "3": AreaType.LA.value,
    "4": AreaType.LA.value,
    "5": AreaType.ENGLAND.value,
    "7": AreaType.ENGLAND.value,
}

# england_school_information.csv (2018-19 school_information_meta.csv): nothing for the measure tables.
SCHOOL_INFORMATION_KNOWN = _names(
    "URN LANAME LA ESTAB LAESTAB SCHNAME STREET LOCALITY ADDRESS3 TOWN POSTCODE SCHSTATUS OPENDATE "
    "CLOSEDATE MINORGROUP SCHOOLTYPE ISPRIMARY ISSECONDARY ISPOST16 AGELOW AGEHIGH GENDER RELCHAR ADMPOL"
)

# ---------------------------------------------------------------------------------------------
# la_and_region_codes_meta.csv: REGION is the DfE's own sub-region number, not a GSS code. Each
# sub-region lies inside one English region.

LA_CODES_KNOWN = _names("LEA REGION")
SUBREGION_REGIONS: dict[str, str] = {
    "North East A": "North East",
    "North East B": "North East",
    "North West A": "North West",
    "North West B": "North West",
    "North West C": "North West",
    "North Yorkshire and The Humber": "Yorkshire and The Humber",
    "South and West Yorkshire": "Yorkshire and The Humber",
    "East Midlands A": "East Midlands",
    "East Midlands B": "East Midlands",
    "West Midlands A": "West Midlands",
    "West Midlands B": "West Midlands",
    "West Midlands C": "West Midlands",
    "East of England A": "East of England",
    "East of England B": "East of England",
    "London Central": "London",
    "London East": "London",
    "London North": "London",
    "London South": "London",
    "London West": "London",
    "South East A": "South East",
    "South East B": "South East",
    "South East C": "South East",
    "South East D": "South East",
    "South West A": "South West",
    "South West B": "South West",
}

# ---------------------------------------------------------------------------------------------
# File names that give a year (used only when the content does not).

# The LA downloads renamed '<first year>-<LA>-ks2.csv' (2018-936-ks2.csv is 2018/19, so 2019).
FIRST_YEAR_NAMES = re.compile(r"^(20\d\d)-\d{3}-ks[24]", re.IGNORECASE)

# ---------------------------------------------------------------------------------------------
# Explore Education Statistics (EES) tidy files: one row per area (or school), period and breakdown.
# Column names are those of the published KS2/KS4 files: the LA/regional files
# (ks2_regional_and_local_authority_*.csv, *_la_data_*.csv: pt_rwm_met_expected_standard, avg_att8,
# avg_p8score, p8score_CI_low ...), the 2023/24 school file (202324_performance_tables_schools_final.csv:
# avg_att8, avg_p8score, p8score_ci_low, t_pupils, pt_l2basics_95 ...), the 2024/25 school files
# (attainment8_average, progress8_average, progress8_lower_95_ci, engmath_95_percent ...; KS2 one row
# per subject: expected_standard_pupil_percent, progress_measure_score ...).


@dataclass(frozen=True, slots=True)
class EesColumn:
    """A measure column of an EES file; ``subject`` when the file has one row per subject."""

    column: str
    measure: str
    subject: str | None = None


@dataclass(frozen=True, slots=True)
class EesLayout:
    """One EES publication's columns. A file is this layout when it has any ``signature`` column."""

    name: str
    signature: frozenset[str]
    columns: tuple[EesColumn, ...]


_RWM = "Reading, writing and maths"

EES_LAYOUTS: tuple[EesLayout, ...] = (
    EesLayout(
        "ks2_by_subject",
        frozenset({"expected_standard_pupil_percent", "progress_measure_score"}),
        (
            EesColumn("expected_standard_pupil_percent", "ks2_rwm_expected", _RWM),
            EesColumn("higher_standard_pupil_percent", "ks2_rwm_high", _RWM),
            EesColumn("eligible_pupil_count", "ks2_eligible_pupils", _RWM),
            EesColumn("progress_measure_score", "ks2_reading_progress", "Reading"),
            EesColumn("progress_measure_score", "ks2_writing_progress", "Writing"),
            EesColumn("progress_measure_score", "ks2_maths_progress", "Maths"),
            EesColumn("average_scaled_score", "ks2_reading_average", "Reading"),
            EesColumn("average_scaled_score", "ks2_maths_average", "Maths"),
            # The DfE's wording for GPS; no file here shows it.
            EesColumn("average_scaled_score", "ks2_gps_average", "Grammar, punctuation and spelling"),
        ),
    ),
    EesLayout(
        "ks2",
        frozenset({"pt_rwm_met_expected_standard"}),
        (
            EesColumn("pt_rwm_met_expected_standard", "ks2_rwm_expected"),
            EesColumn("pt_rwm_met_higher_standard", "ks2_rwm_high"),
            EesColumn("t_rwm_eligible_pupils", "ks2_eligible_pupils"),
            EesColumn("avg_read_progress_score", "ks2_reading_progress"),
            EesColumn("avg_writta_progress_score", "ks2_writing_progress"),
            EesColumn("avg_mat_progress_score", "ks2_maths_progress"),
        ),
    ),
    EesLayout(
        "ks4",
        frozenset({"avg_att8", "attainment8_average"}),
        (
            EesColumn("avg_att8", "attainment8"),
            EesColumn("attainment8_average", "attainment8"),
            EesColumn("avg_p8score", "progress8"),
            EesColumn("progress8_average", "progress8"),
            EesColumn("p8score_CI_low", "progress8_lower_ci"),
            EesColumn("p8score_ci_low", "progress8_lower_ci"),
            EesColumn("progress8_lower_95_ci", "progress8_lower_ci"),
            EesColumn("p8score_CI_upp", "progress8_upper_ci"),
            EesColumn("p8score_ci_upp", "progress8_upper_ci"),
            EesColumn("progress8_upper_95_ci", "progress8_upper_ci"),
            EesColumn("t_pupils", "ks4_pupils"),
            EesColumn("pupil_count", "ks4_pupils"),
            EesColumn("t_inp8calc", "progress8_pupils"),
            EesColumn("progress8_pupil_count", "progress8_pupils"),
            EesColumn("pt_l2basics_94", "basics_94_pct"),
            EesColumn("engmath_94_percent", "basics_94_pct"),
            EesColumn("pt_l2basics_95", "basics_95_pct"),
            EesColumn("engmath_95_percent", "basics_95_pct"),
            EesColumn("pt_ebacc_e_ptq_ee", "ebacc_entry_pct"),
            EesColumn("ebacc_entering_percent", "ebacc_entry_pct"),
            EesColumn("avg_ebaccaps", "ebacc_aps"),
            EesColumn("ebacc_aps_average", "ebacc_aps"),
        ),
    ),
)

# geographic_level -> where the row goes ("school" rows go to school_measures).
EES_LEVELS: dict[str, str] = {
    "School": "school",
    "Local authority": AreaType.LA.value,
    "Regional": AreaType.REGION.value,
    "National": AreaType.ENGLAND.value,
}

# Filter columns that split a school's or area's figures into pupil groups. A row whose filters are
# all "Total" is the headline; a row for one of EES_GROUPS gives that group's measures; others are
# left out (and listed as skipped).
EES_BREAKDOWNS: tuple[str, ...] = (
    "breakdown",
    "sex",
    "gender",
    "disadvantage_status",
    "disadvantage",
    "fsm_status",
    "first_language",
    "prior_attainment",
    "mobility",
    "ethnicity_major",
    "ethnicity_minor",
    "sen_provision",
    "sen_primary_need",
    "month_of_birth",
)
EES_TOTAL = "Total"
EES_GROUPS: dict[str, str] = {
    "Disadvantaged": "disadvantaged",
    "Not known to be disadvantaged": "not_disadvantaged",
    "Disadvantaged all other": "not_disadvantaged",
    "Not disadvantaged": "not_disadvantaged",
}
EES_GROUP_MEASURES: dict[str, dict[str, str]] = {
    "disadvantaged": {
        "ks2_rwm_expected": "ks2_rwm_expected_disadvantaged",
        "ks2_reading_progress": "ks2_reading_progress_disadvantaged",
        "ks2_writing_progress": "ks2_writing_progress_disadvantaged",
        "ks2_maths_progress": "ks2_maths_progress_disadvantaged",
        "attainment8": "attainment8_disadvantaged",
        "progress8": "progress8_disadvantaged",
    },
    "not_disadvantaged": {
        "ks2_rwm_expected": "ks2_rwm_expected_not_disadvantaged",
        "attainment8": "attainment8_not_disadvantaged",
        "progress8": "progress8_not_disadvantaged",
    },
}
# Area rows split by school type: the headline is all state-funded schools. (School rows carry their
# own type here and are never split by it.)
EES_AREA_SCHOOL_GROUPS: frozenset[str] = frozenset({"Total", "All state-funded", "State-funded schools"})

EES_KNOWN = _names(
    """
time_period time_identifier geographic_level country_code country_name region_code region_name
old_la_code new_la_code la_name lad_code lad_name pcon_code pcon_name school_urn school_laestab
school_name school_type establishment_type_group establishment_type version breakdown_topic subject
progress_measure_lower_conf_interval progress_measure_upper_conf_interval
"""
) | frozenset(EES_BREAKDOWNS)
