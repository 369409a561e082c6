// SPDX-License-Identifier: MIT
// The limit files of each constraint term and how each is recast (physics.md 4.1, 4.3, 4.4; DarkCast v1.2
// limit descriptors for the production mechanisms, selected decays and decay windows, arXiv:1801.04847).
#include "constraint_tables.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>

#include "data_files.hpp"
#include "errors.hpp"

namespace darkscan {

namespace {

constexpr char const* darkcast_dir = "limits/darkcast/limits/";
constexpr char const* hidden_sector_dir = "limits/hidden-sector-limits/";

/// The eps = 1 dark photon's total width at mass m [GeV] (every DarkCast limit's reference model).
double unit_dark_photon_width(double m, HadronTablesView hadrons)
{
    return vector_widths(m, DarkSectorParameters{m, m, 1.0, 0.0, 0.0}, hadrons).total();
}

class Builder {
    ConstraintTables& tables_;
    HadronTablesView hadrons_;

    /// Reads a data file of the manifest through `parse(stream, source)` and records it for provenance.
    template <class Parse>
    auto read(std::string const& relative_path, Parse&& parse)
    {
        auto const path = data::verified_path(relative_path);
        std::ifstream stream(path);
        if (!stream) {
            throw DataError(path.string() + ": cannot open");
        }
        tables_.files.push_back(relative_path);
        return parse(stream, path.string());
    }

    /// Columns `x_column` and `y_column` of a numeric file, rows where either is empty skipped.
    std::pair<std::vector<double>, std::vector<double>> read_two_columns(std::string const& relative_path,
                                                                         int column_count, int x_column,
                                                                         int y_column)
    {
        return read(relative_path, [&](std::istream& stream, std::string const& source) {
            std::pair<std::vector<double>, std::vector<double>> columns;
            for (auto const& row : parse_numeric_rows(stream, source, column_count, column_count)) {
                if (!std::isnan(row[x_column]) && !std::isnan(row[y_column])) {
                    columns.first.push_back(row[x_column]);
                    columns.second.push_back(row[y_column]);
                }
            }
            return columns;
        });
    }


public:
    Builder(ConstraintTables& tables, HadronTablesView hadrons) : tables_(tables), hadrons_(hadrons) {}

    /// A DarkCast bump hunt: lower limit on eps, decays into `channels`, decay time below the window's t1.
    void prompt(ConstraintTerm term, char const* file, ProductionMechanism production, unsigned channels,
                PromptWindow window = PromptWindow::unlimited, bool reference_leptons_only = false)
    {
        auto const limit = darkcast(file, DarkCastLimit::Columns::lower);
        auto& c = add(term, LimitKind::prompt_visible, production);
        c.parameters.channels = channels;
        c.parameters.window = window;
        c.parameters.reference_leptons_only = reference_leptons_only;
        c.limit = make_log_curve(limit.mass, limit.first, file);
    }

    /// A DarkCast beam dump (V -> e+e-): contour (lower, upper) and decay-to-shield length ratio; the window start
    /// t0 solved at each node from the contour.
    void dump(ConstraintTerm term, char const* file, ProductionMechanism production, double decay_over_shield)
    {
        auto const limit = darkcast(file, DarkCastLimit::Columns::lower_upper);
        auto& c = add(term, LimitKind::displaced_dump, production);
        c.parameters.channels = decay_ee;
        c.parameters.length_ratio = 1.0 + decay_over_shield;
        std::vector<double> t0(limit.mass.size(), NAN);
        for (std::size_t i = 0; i < limit.mass.size(); ++i) {
            double const lower = limit.first[i];
            double const upper = limit.second[i];
            if (lower < darkcast_no_bound && upper < darkcast_no_bound && limit.mass[i] > 0.0) {
                t0[i] = solve_dump_window(lower, upper, unit_dark_photon_width(limit.mass[i], hadrons_),
                                          c.parameters.length_ratio);
            }
        }
        c.limit = make_log_curve(limit.mass, limit.first, file);
        c.upper = make_log_curve(limit.mass, limit.second, file);
        c.window_start = make_log_curve(limit.mass, t0, file, 1.0, INFINITY);
    }

    /// A DarkCast r-value grid of a displaced search.
    void rvalue_grid(ConstraintTerm term, char const* file, ProductionMechanism production, unsigned channels)
    {
        auto const limit = darkcast(file, DarkCastLimit::Columns::g_r);
        auto& c = add(term, LimitKind::rvalue_grid, production);
        c.parameters.channels = channels;
        c.grid = make_log_column_grid(limit.mass, limit.first, limit.second, file, INFINITY);
    }

    /// A missing-energy search: lower limit on eps for BR(V -> invisible) = `reference_invisible`.
    void invisible(ConstraintTerm term, std::string const& file, ProductionMechanism production,
                   double reference_invisible, int column_count = 2)
    {
        auto& c = add(term, LimitKind::invisible, production);
        c.parameters.reference_invisible = reference_invisible;
        c.limit = curve(file, column_count);
    }

    /// An upper limit on the coupling of a production mechanism (eps for leptons), whatever V decays to.
    void coupling(ConstraintTerm term, std::string const& file, ProductionMechanism production, int column_count = 2)
    {
        auto& c = add(term, LimitKind::coupling_limit, production);
        c.limit = curve(file, column_count);
    }

    /// An upper limit on an observable darkscan computes: a curve against m_V (file, two columns) or a constant.
    void observable(ConstraintTerm term, ConstraintObservable observable, std::string const& file,
                    double constant_limit = 0.0)
    {
        auto& c = add(term, LimitKind::observable_limit, ProductionMechanism::e_e);
        c.parameters.observable = observable;
        c.parameters.constant_limit = constant_limit;
        if (!file.empty()) {
            c.limit = curve(file, 2);
        }
    }

    /// A spin-independent direct-detection limit on one target: per-nucleon cross section against m_chi, in the
    /// file's units times `scale` [cm^2].
    void direct_detection(ConstraintTerm term, std::string const& file, DirectDetectionTarget target,
                          double scale = 1.0)
    {
        auto const [m_chi, sigma] = read_two_columns(file, 2, 0, 1);
        auto& c = add(term, LimitKind::direct_detection_nucleon, ProductionMechanism::e_e);
        c.parameters.target = target;
        c.limit = make_log_curve(m_chi, sigma, data::verified_path(file).string(), scale, INFINITY);
    }

    /// A DM-electron scattering limit on sigma_e-bar [cm^2] against m_chi (F_DM = 1).
    void direct_detection_electron(ConstraintTerm term, std::string const& file)
    {
        auto const [m_chi, sigma] = read_two_columns(file, 2, 0, 1);
        auto& c = add(term, LimitKind::direct_detection_electron, ProductionMechanism::e_e);
        c.limit = make_log_curve(m_chi, sigma, data::verified_path(file).string(), 1.0, INFINITY);
    }

    /// The f_eff tables of p_ann.
    void cmb_tables()
    {
        tables_.cmb = load_cmb_tables();
        tables_.files.emplace_back(cmb_electron_table_file);
        tables_.files.emplace_back(cmb_photon_table_file);
    }

    /// An upper limit on g_X.
    void baryonic_coupling(ConstraintTerm term, std::string const& file)
    {
        auto& c = add(term, LimitKind::g_X_limit, ProductionMechanism::e_e);
        c.limit = curve(file, 2);
    }

    /// A 2-D upper limit on eps^4 alpha_D over (m_V, m_chi) [GeV], rows "m_V m_chi limit"; values at or above
    /// `no_bound` are "no sensitivity".
    void dm_beam_grid(ConstraintTerm term, std::string const& file, ProductionMechanism production, double no_bound)
    {
        auto const rows = read(file, [](std::istream& stream, std::string const& source) {
            return parse_numeric_rows(stream, source, 3, 3);
        });
        std::vector<double> m_V;
        std::vector<double> m_chi;
        std::vector<double> limit;
        for (auto const& row : rows) {
            m_V.push_back(row[0]);
            m_chi.push_back(row[1]);
            limit.push_back(row[2]);
        }
        auto& c = add(term, LimitKind::dm_beam_grid, production);
        c.grid = make_log_column_grid(m_V, m_chi, limit, data::verified_path(file).string(), no_bound);
    }

    /// A limit on Y(m_chi) valid on the slice m_V = mass_ratio m_chi, alpha_D = alpha_D (columns x_column,
    /// y_column of a column_count-wide file).
    void dm_beam_slice(ConstraintTerm term, std::string const& file, ProductionMechanism production, double mass_ratio,
                       double alpha_D, bool needs_g_X_zero, int column_count = 2, int x_column = 0,
                       int y_column = 1)
    {
        auto const [m_chi, y] = read_two_columns(file, column_count, x_column, y_column);
        auto& c = add(term, LimitKind::dm_beam_slice, production);
        c.parameters.slice_mass_ratio = mass_ratio;
        c.parameters.slice_alpha_D = alpha_D;
        c.parameters.slice_needs_g_X_zero = needs_g_X_zero;
        c.limit = make_log_curve(m_chi, y, data::verified_path(file).string(), 1.0, INFINITY);
    }

    /// The production of the last file added is the experiment's mixture (DarkCast .prd).
    void with_mixture(ProductionMixture mixture)
    {
        static char const* const files[production_mixture_count] = {"darkcast-production/LHCb_Aaij2017rft.prd",
                                                                     "darkcast-production/CMS_CMS2019kiy.prd"};
        if (tables_.mixtures[mixture].mass.empty()) {
            tables_.mixtures[mixture] = load_production_mixture(files[mixture]);
            tables_.files.emplace_back(files[mixture]);
        }
        tables_.components.back().parameters.production_mixture = mixture;
    }

private:
    HostLimitComponent& add(ConstraintTerm term, LimitKind kind, ProductionMechanism production)
    {
        HostLimitComponent component;
        component.parameters.term = term;
        component.parameters.kind = kind;
        component.parameters.production = production;
        tables_.components.push_back(std::move(component));
        return tables_.components.back();
    }

    DarkCastLimit darkcast(char const* name, DarkCastLimit::Columns expected)
    {
        std::string const file = std::string(darkcast_dir) + name;
        auto limit = read(file, parse_darkcast_limit);
        if (limit.columns != expected) {
            throw DataError(data::verified_path(file).string() + ": unexpected columns for this search");
        }
        return limit;
    }

    /// ln(value) against ln(mass) from a two-column file (first column mass [GeV]).
    HostCurve curve(std::string const& file, int column_count)
    {
        if (file.size() > 4 && file.compare(file.size() - 4, 4, ".lmt") == 0) {
            auto const limit = read(file, parse_darkcast_limit);
            return make_log_curve(limit.mass, limit.first, data::verified_path(file).string());
        }
        auto const [mass, value] = read_two_columns(file, column_count, 0, 1);
        return make_log_curve(mass, value, data::verified_path(file).string(), 1.0, INFINITY);
    }

};

std::string darkcast_file(char const* name)
{
    return std::string(darkcast_dir) + name;
}

std::string hidden_sector_file(char const* name)
{
    return std::string(hidden_sector_dir) + name;
}

/// The files of one term. Production mechanisms, decays and windows from DarkCast's descriptors; overlapping
/// analyses of one data set are components of one term (their envelope), physics.md 4.4.
void add_term(Builder& add, ConstraintTerm term)
{
    using P = ProductionMechanism;
    switch (term) {
    case term_babar_2014:
        add.prompt(term, "BaBar_Lees2014xha.lmt", P::e_e, decay_ee | decay_mumu);
        break;
    case term_kloe:
        add.prompt(term, "KLOE_Anastasi2018azp_combined.lmt", P::e_e, decay_mumu | decay_pipi,
                   PromptWindow::kloe_phi_to_gamma);
        add.prompt(term, "KLOE_Anastasi2015qla.lmt", P::e_e, decay_ee, PromptWindow::kloe_phi_to_gamma);
        add.prompt(term, "KLOE_Babusci2012cr.lmt", P::phi_eta, decay_ee, PromptWindow::kloe_phi_to_eta, true);
        break;
    case term_na48_2:
        add.prompt(term, "NA48_Batley2015lha.lmt", P::pi0_gamma, decay_ee, PromptWindow::na48_2);
        break;
    case term_a1:
        add.prompt(term, "A1_Merkel2014avp.lmt", P::e_brem, decay_ee);
        break;
    case term_apex:
        add.prompt(term, "APEX_Abrahamyan2011gv.lmt", P::e_brem, decay_ee);
        break;
    case term_hps:
        add.prompt(term, "HPS_Adrian2018scb.lmt", P::e_brem, decay_ee);
        break;
    case term_besiii:
        add.prompt(term, "BESIII_Ablikim2017aab.lmt", P::e_e, decay_ee | decay_mumu);
        break;
    case term_lhcb_prompt:
        add.prompt(term, "LHCb_Aaij2019bvg_prompt.lmt", P::e_e, decay_mumu, PromptWindow::lhcb);
        add.with_mixture(mixture_lhcb);
        break;
    case term_cms:
        add.prompt(term, "CMS_CMS2019kiy.lmt", P::e_e, decay_mumu, PromptWindow::cms);
        add.with_mixture(mixture_cms);
        break;
    case term_babar_2016_muons:
        add.prompt(term, "BaBar_TheBABAR2016rlg.lmt", P::e_e, decay_mumu);
        break;
    case term_e137:
        add.dump(term, "E137_Andreas2012mt.lmt", P::e_brem, 204.0 / 179.0);
        add.dump(term, "E137_Bjorken2009mm.lmt", P::e_brem, 204.0 / 179.0);
        break;
    case term_e141:
        add.dump(term, "E141_Riordan1987aw.lmt", P::e_brem, 35.0 / 0.12);
        break;
    case term_e774:
        add.dump(term, "E774_Bross1989mp.lmt", P::e_brem, 2.0 / 0.3);
        break;
    case term_orsay:
        add.dump(term, "Orsay_Davier1989wz.lmt", P::e_brem, 2.0 / 1.0);
        break;
    case term_kek:
        add.dump(term, "KEK_Konaka1986cb.lmt", P::e_brem, 2.2 / 2.4);
        break;
    case term_charm:
        add.dump(term, "CHARM_Bergsma1985qz.lmt", P::eta_gamma, 10.0 / 480.0);
        add.dump(term, "CHARM_Tsai2019mtm.lmt", P::eta_gamma, 10.0 / 480.0);
        break;
    case term_nucal:
        add.dump(term, "NuCAL_Blumlein1990ay.lmt", P::pi0_gamma, 23.0 / 64.0);
        add.dump(term, "NuCAL_Blumlein1991xh.lmt", P::p_brem, 23.0 / 64.0);
        add.dump(term, "NuCAL_Tsai2019mtm.lmt", P::pi0_gamma, 23.0 / 64.0);
        break;
    case term_nomad:
        add.dump(term, "NOMAD_Astier2001ck.lmt", P::pi0_gamma, 7.5 / 835.0);
        break;
    case term_ps191:
        add.dump(term, "PS191_Bernardi1985ny.lmt", P::pi0_gamma, 7.0 / 128.0);
        break;
    case term_na64_visible:
        add.dump(term, "NA64_Banerjee2019hmi.lmt", P::e_brem, 4.0 / 1.0);
        break;
    case term_lhcb_displaced:
        add.rvalue_grid(term, "LHCb_Aaij2017rft_displaced.lmt", P::e_e, decay_mumu);
        add.with_mixture(mixture_lhcb);
        break;
    case term_na64_invisible:
        add.invisible(term, darkcast_file("NA64_NA642019imj.lmt"), P::e_brem, 0.99);
        break;
    case term_babar_2017_invisible:
        add.invisible(term, darkcast_file("BaBar_Lees2017lec.lmt"), P::e_e, 0.99);
        break;
    case term_na62_invisible:
        add.invisible(term, darkcast_file("NA62_CortinaGil2019nuo.lmt"), P::pi0_gamma, 0.99);
        break;
    case term_lep_invisible:
        add.invisible(term, darkcast_file("LEP_Fox2011fx.lmt"), P::e_e, 0.99);
        break;
    case term_belle2_invisible:
        add.invisible(term, darkcast_file("BelleII_Adachi2019otg.lmt"), P::mu_brem, 0.99);
        break;
    case term_pi0_invisible:
        // Converted upstream to eps for BR(V -> invisible) = 1 (Hidden-Sector-Limits).
        add.invisible(term, hidden_sector_file("invis_pion.dat"), P::pi0_gamma, 1.0);
        break;
    case term_lsnd_dm:
        add.dm_beam_grid(term, hidden_sector_file("lsnd.dat"), P::pi0_gamma, INFINITY);
        break;
    case term_e137_dm:
        add.dm_beam_grid(term, hidden_sector_file("E137-kappa4XalphaD-mV-mX.csv"), P::e_brem, 1e15);
        add.dm_beam_slice(term, hidden_sector_file("E137update_Y3_0.5.dat"), P::e_brem, 3.0, 0.5, false);
        break;
    case term_miniboone_dm:
        // Nucleon (NC elastic) and electron channels; proton-beam production through pi0/eta decays.
        add.dm_beam_slice(term, "limits/pycevns/miniboone.csv", P::pi0_gamma, 3.0, 0.5, true, 4, 0, 1);
        add.dm_beam_slice(term, "limits/pycevns/miniboone.csv", P::pi0_gamma, 3.0, 0.5, true, 4, 2, 3);
        break;
    case term_direct_detection_nucleon: {
        // Each experiment on its own target; the envelope avoids double counting the overlapping Xe results.
        using T = DirectDetectionTarget;
        constexpr double pb = 1e-36;  // cm^2
        add.direct_detection(term, "limits/neutrinofog/LUX.txt", T::xenon);
        add.direct_detection(term, "limits/neutrinofog/XENON1T-2018.txt", T::xenon);
        add.direct_detection(term, "limits/neutrinofog/PandaX.txt", T::xenon);
        add.direct_detection(term, "limits/neutrinofog/XENON1T-Migdal.txt", T::xenon);
        add.direct_detection(term, hidden_sector_file("XENON1T_S2Only_2019.dat"), T::xenon);
        add.direct_detection(term, "limits/neutrinofog/DarkSide.txt", T::argon);
        add.direct_detection(term, "limits/neutrinofog/DEAP-3600.txt", T::argon);
        add.direct_detection(term, "limits/neutrinofog/CDMSLite.txt", T::germanium);
        add.direct_detection(term, "limits/neutrinofog/CRESST.txt", T::cawo4);
        add.direct_detection(term, hidden_sector_file("cressII2015.dat"), T::cawo4, pb);
        add.direct_detection(term, hidden_sector_file("1711.07692.cresst-iii.dat"), T::cawo4, pb);
        break;
    }
    case term_direct_detection_electron:
        add.direct_detection_electron(term, hidden_sector_file("xenon10e_2017_formatted.csv"));
        add.direct_detection_electron(term, hidden_sector_file("xenon100e_2017_formatted.csv"));
        add.direct_detection_electron(term, hidden_sector_file("SENSEI2018_formatted.dat"));
        add.direct_detection_electron(term, hidden_sector_file("CDMS_electron_2018_formatted.dat"));
        break;
    case term_cmb:
        add.observable(term, observable_p_ann, "", p_ann_planck2018_95_cm3_per_s_per_GeV);
        break;
    case term_sidm_cluster:
        // Harvey et al., arXiv:1503.07675: sigma_DM/m < 0.47 cm^2/g (95% CL) from 72 colliding clusters.
        add.observable(term, observable_sigmaT_over_m_cluster, "", 0.47);
        break;
    case term_sidm_bullet_cluster:
        // Randall et al., arXiv:0704.0261: sigma/m < 1.25 cm^2/g (68% CL) from the subcluster's mass-to-light ratio,
        // evaluated at the Bullet Cluster's own velocity (option sidm-v-rel-bullet-km-s).
        add.observable(term, observable_sigmaT_over_m_bullet, "", 1.25);
        break;
    case term_z_gamma_x:
        add.observable(term, observable_br_Z_gamma_X_escaping, "", lep_branching_Z_to_gamma_invisible_upper_limit);
        break;
    case term_k_pi_x:
        // E949 below and above the pi0 window (no limit inside it).
        add.observable(term, observable_br_K_pi_X_escaping, hidden_sector_file("kpipinvis1.dat"));
        add.observable(term, observable_br_K_pi_X_escaping, hidden_sector_file("kpipinvis2.dat"));
        break;
    case term_b_k_x:
        add.observable(term, observable_br_B_K_X_escaping, "", babar_branching_B_to_K_nu_nu_upper_limit);
        break;
    case term_bfactory_dark_onium:
        add.observable(term, observable_bfactory_eta_D_V, "",
                       babar_dark_higgsstrahlung_sigma_upper_limit_fb * femtobarn_in_GeV_m2);
        break;
    case term_anomalon:
        add.baryonic_coupling(term, hidden_sector_file("Anomalon_formatted.dat"));
        break;
    case term_g_minus_2_e:
        add.coupling(term, darkcast_file("AMMe_Bodas2021fsy_cs.lmt"), P::e_e);
        break;
    case term_g_minus_2_mu:
        add.coupling(term, darkcast_file("AMMmu_Bodas2021fsy.lmt"), P::mu_mu);
        break;
    case term_electroweak_precision:
        add.coupling(term, hidden_sector_file("zprime.dat"), P::e_e);
        break;
    default:
        break;  // terms computed from formulas, without a file
    }
}

}  // namespace

void ConstraintTables::finalise()
{
    std::sort(files.begin(), files.end());
    files.erase(std::unique(files.begin(), files.end()), files.end());
    host_components_.clear();
    for (auto const& component : components) {
        host_components_.push_back(with_views(component, [](auto const& values) { return values.data(); }));
    }
}

ConstraintTablesView ConstraintTables::finish_view(LimitComponent const* device_components) const
{
    ConstraintTablesView view;
    view.components = device_components;
    view.component_count = static_cast<int>(components.size());
    view.terms = terms;
    for (int term = 0; term < constraint_term_count; ++term) {
        LikelihoodForm const form = constraint_term_table[term].likelihood;
        view.form[term] = form;
        view.likelihood_parameter[term] = form == LikelihoodForm::zero_event_poisson ? zero_event_upper_limit(cl[term])
                                          : form == LikelihoodForm::gaussian         ? normal_quantile(cl[term])
                                                                                     : 0.0;
    }
    double const relic_cl = cl[term_relic_density];
    view.relic_exclusion_chi2[0] = std::pow(normal_quantile(0.5 * (1.0 + relic_cl)), 2);
    view.relic_exclusion_chi2[1] = std::pow(normal_quantile(relic_cl), 2);
    return view;
}

int constraint_term_by_name(std::string const& name, std::string const& option)
{
    for (int term = 0; term < constraint_term_count; ++term) {
        if (name == constraint_term_table[term].name) {
            return term;
        }
    }
    throw InputError("option '" + option + "': unknown constraint '" + name +
                     "' (see darkscan scan --help for the names)");
}

std::array<double, constraint_term_count> published_confidence_levels()
{
    std::array<double, constraint_term_count> cl{};
    for (int term = 0; term < constraint_term_count; ++term) {
        cl[term] = constraint_term_table[term].cl;
    }
    return cl;
}

ConstraintTables load_constraint_tables(std::uint64_t terms, std::array<double, constraint_term_count> const& cl,
                                        HadronTablesView hadrons)
{
    ConstraintTables tables;
    tables.terms = terms;
    tables.cl = cl;
    Builder builder(tables, hadrons);
    if (terms != 0) {
        builder.cmb_tables();  // p_ann is an output of every scan with constraints
    }
    for (int term = 0; term < constraint_term_count; ++term) {
        if ((terms & term_bit(term)) != 0) {
            add_term(builder, static_cast<ConstraintTerm>(term));
        }
    }
    tables.finalise();
    return tables;
}

}  // namespace darkscan
